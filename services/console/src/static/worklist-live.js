// Tells a collector that their queue changed since the worklist was drawn (dunning's task feed,
// relayed by the console at /worklist/stream). The first event is the queue as it is now: skipped.
(() => {
  const notice = document.getElementById('live-notice');
  if (!notice || !('EventSource' in window)) return;
  const source = new EventSource('/worklist/stream');
  let first = true;
  source.addEventListener('tasks', () => {
    if (first) {
      first = false;
      return;
    }
    notice.hidden = false;
  });
  window.addEventListener('pagehide', () => source.close());
})();
