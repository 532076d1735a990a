/**
 * The probability that a random good customer scores safer (higher) than a random bad one, ties
 * counting half: the area under the ROC curve of the score (Mann-Whitney U over mid-ranks).
 */
export function areaUnderCurve(rows: { score: number; bad: boolean }[]): number {
  const sorted = [...rows].sort((a, b) => a.score - b.score);
  const goods = rows.filter((r) => !r.bad).length;
  const bads = rows.length - goods;
  if (goods === 0 || bads === 0) return Number.NaN;
  let rankSumGoods = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (!sorted[k]!.bad) rankSumGoods += midRank;
    i = j;
  }
  return (rankSumGoods - (goods * (goods + 1)) / 2) / (goods * bads);
}
