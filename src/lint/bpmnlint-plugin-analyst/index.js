// This project's model rules (issue 17: diagrams analysts can read and change). See ../README.md.
module.exports = {
  configs: {
    recommended: {
      rules: {
        'max-flow-nodes': ['error', { max: 45 }],
        'max-escalation-drawings': ['error', { max: 3 }],
        'lanes': 'error',
        'label-bounds': 'error',
        'process-documentation': 'error',
        'gateway-default-flow': 'error'
      }
    }
  },
  rules: {
    'max-flow-nodes': './rules/max-flow-nodes',
    'max-escalation-drawings': './rules/max-escalation-drawings',
    'lanes': './rules/lanes',
    'label-bounds': './rules/label-bounds',
    'process-documentation': './rules/process-documentation',
    'gateway-default-flow': './rules/gateway-default-flow'
  }
};
