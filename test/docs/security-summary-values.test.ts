import { dataClass } from '../../lib/inventory/data-classes';
import { renderSecuritySummary } from '../../scripts/generate-security-summary';
import { promiseFacts } from '../../scripts/review/promise-facts';
import { euOnlyConfig, synthSnapshot } from '../support/snapshot';

const summaryOf = (facts: ReturnType<typeof promiseFacts>) =>
  renderSecuritySummary({ records: [], facts, configLabel: 'an EU-only config' });
const row = (summary: string, cls: string) => summary.split('\n').find((l) => l.startsWith(`| ${cls} |`));

describe('the security summary of a configuration', () => {
  const defaults = promiseFacts(synthSnapshot(euOnlyConfig()));

  test('gives each data class its retention, replica region, key, rotation and windows from the synthesized app', () => {
    const summary = summaryOf(defaults);
    expect(row(summary, 'access-logs')).toBe(
      '| access-logs | 30 days | 1 day | eu-west-1 | `alias/steward/eu/access-logs` | every 365 days | 30 days | – | ' +
        'eu-central-1, eu-west-1 |',
    );
    expect(row(summary, 'tenant-registry')).toContain('| point-in-time, 7 days |');
    expect(summary).toContain("A terminated tenant's key is deleted 7 days after termination");
    expect(summary).toContain('Ports open to the internet: tcp/80, tcp/443, tcp/2222, tcp/6514.');
  });

  test('changes when a retention default of the inventory changes', () => {
    const retention = dataClass('access-logs').retention as { defaultDays: number };
    const original = retention.defaultDays;
    retention.defaultDays = 14;
    let changed: ReturnType<typeof promiseFacts>;
    try {
      changed = promiseFacts(synthSnapshot(euOnlyConfig()));
    } finally {
      retention.defaultDays = original;
    }
    expect(summaryOf(changed)).not.toBe(summaryOf(defaults));
    expect(row(summaryOf(changed), 'access-logs')).toMatch(/^\| access-logs \| 14 days \|/);
  });
});
