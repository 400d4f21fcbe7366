export { NotificationsController } from './controller';
export type { WebhookCall, NotificationsControllerOptions } from './controller';
export { parseNotificationsConfigMap, expressionsOf } from './config';
export { compile, ExprRuntimeError, ExprSyntaxError } from './expr';
export { parseTemplate, TemplateSyntaxError } from './template';
export { goRequestHead, canonicalHeaderKey } from './goHttp';
export { NOTIFIED_ANNOTATION, conditionKey } from './state';
