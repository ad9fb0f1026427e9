// Validates the Modeler element templates in processes/element-templates/ against Camunda's element template
// JSON schema (the one "$schema" names), so that a broken template fails CI instead of Modeler.
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const schema = require('@camunda/element-templates-json-schema/resources/schema.json');

const dir = path.join(__dirname, '..', '..', 'processes', 'element-templates');
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
let failed = false;
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const templates = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  if (!validate(templates)) {
    failed = true;
    console.error(`${file}: not a valid element template`);
    for (const e of validate.errors) console.error(`  ${e.instancePath} ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
