import type { DunningActionRequestedData, Locale } from '@dunning/contracts';
import { DeliveryError } from '../channels/channel.ts';
import {
  type CustomerContact,
  type NoticeVariables,
  noticeVariables,
  type Sender,
} from '../domain/notice-variables.ts';
import type { RenderedNotice, TemplateLibrary } from '../templates/template-library.ts';

export interface RenderedAction {
  variables: NoticeVariables;
  rendered: RenderedNotice;
}

/**
 * Renders an action for its customer: the action's template key ("dunning.final-notice"), else that key
 * without its namespace ("final-notice"), else a template named after its step; in the customer's
 * locale, else English. No template at all is permanent (retrying will not add one).
 */
export function renderAction(
  library: TemplateLibrary,
  sender: Sender,
  action: DunningActionRequestedData,
  customer: CustomerContact,
  locale: Locale = customer.locale,
): RenderedAction {
  const unqualified = action.templateKey.slice(action.templateKey.lastIndexOf('.') + 1);
  const found = library.resolve([action.templateKey, unqualified, action.step], locale);
  if (!found) {
    throw new DeliveryError(`no template ${action.templateKey} (nor ${action.step}) in ${locale} or en`, {
      permanent: true,
    });
  }
  const variables = noticeVariables(action, customer, sender, found.locale);
  return { variables, rendered: library.render(found.templateKey, found.locale, variables) };
}
