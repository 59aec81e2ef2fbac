import * as path from 'path';
import { STACK_NAME, createApp } from './app';

/** The committed template: mtls=off and every other context value at its default. */
export const TEMPLATE_FILE = path.resolve(__dirname, '..', '..', 'workcluster-ecs.template.json');

/** Synthesizes the stack (cdk-nag included: a finding not acknowledged throws) and returns its template. */
export function synthTemplate(context: Record<string, unknown> = {}): Record<string, any> {
  const { app } = createApp(context);
  return app.synth().getStackByName(STACK_NAME).template;
}

/** The template as the committed file holds it. */
export function templateText(template: Record<string, any>): string {
  return JSON.stringify(template, null, 2) + '\n';
}
