// Regenerates the committed template (npm run synth).
import * as fs from 'fs';
import { TEMPLATE_FILE, synthTemplate, templateText } from '../lib/template';

fs.writeFileSync(TEMPLATE_FILE, templateText(synthTemplate()));
console.log(`wrote ${TEMPLATE_FILE}`);
