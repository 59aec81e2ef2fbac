import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { STACK_NAME, createApp } from './app';

/** The committed template: mtls=off and every other context value at its default. */
export const TEMPLATE_FILE = path.resolve(__dirname, '..', '..', 'workcluster-ecs.template.json');

/**
 * Synthesizes the stack and returns its template. Strict: an AwsSolutions finding that is not
 * acknowledged fails the synthesis (cdk-nag), and so does anything else the validation report
 * names, warnings from CDK's own template checks included.
 */
export function synthTemplate(context: Record<string, unknown> = {}): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'workcluster-synth-'));
  try {
    const { app } = createApp(context, outdir);
    const template = app.synth().getStackByName(STACK_NAME).template;
    const report = path.join(outdir, 'validation-report.json');
    if (fs.existsSync(report)) {
      const { pluginReports } = JSON.parse(fs.readFileSync(report, 'utf8')) as {
        pluginReports: { pluginName: string; violations: { ruleName: string; description: string }[] }[];
      };
      const open = pluginReports.flatMap((p) => p.violations.map((v) => `${p.pluginName} ${v.ruleName}: ${v.description}`));
      if (open.length > 0) throw new Error(`the synthesis reported findings:\n${open.join('\n')}`);
    }
    return template;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The template as the committed file holds it. */
export function templateText(template: Record<string, any>): string {
  return JSON.stringify(template, null, 2) + '\n';
}
