import { describe, expect, it } from 'vitest';
import type { PolicyFlow, PolicyInfo } from './api';
import { roleLabel, usePackNames, zoneLabel } from './labels';
import { destinationsFrom, dimension, flowConditions, initialLevel, levelName } from './policy';

const flow = (from: string, to: string, extra: Partial<PolicyFlow> = {}): PolicyFlow => ({
  from,
  to,
  allow: true,
  approval: 'none',
  dlp: 'off',
  sanitize: null,
  reason: '',
  clause: '',
  ...extra,
});

// A pack unlike the default one: other zone names, an older 3/2/1 scheme without a default.
const info: PolicyInfo = {
  urn: 'urn:test',
  version: 1,
  name: 'テスト',
  zones: [
    { id: 'mynumber', name: '個人番号系', definition: '', clause: '', isolated: true, untrusted: false },
    { id: 'lgwan', name: '庁内系', definition: '', clause: '', isolated: false, untrusted: false },
    { id: 'internet', name: '外部系', definition: '', clause: '', isolated: false, untrusted: true },
    { id: 'dmz', name: '公開系', definition: '', clause: '', isolated: false, untrusted: false },
  ],
  flows: [
    flow('lgwan', 'mynumber', { allow: false }),
    flow('lgwan', 'internet', { approval: 'supervisor', dlp: 'block' }),
    flow('internet', 'lgwan', { sanitize: ['cdr', 'image-pdf'] }),
    flow('lgwan', 'dmz'),
  ],
  classification: [
    {
      id: 'confidentiality',
      name: '機密性',
      clause: '',
      default_level: '',
      levels: [
        { id: '3', name: '機密性3', description: '' },
        { id: '2', name: '機密性2', description: '' },
        { id: '1', name: '機密性1', description: '' },
      ],
    },
  ],
  roles: [{ id: 'staff', name: '一般職員', admin: false }],
  retention: { originals_days: 1, transfers_days: 1, audit_years: 1 },
  max_upload_bytes: 1,
};

describe('the policy pack in the UI', () => {
  it('offers the allowed destinations of a zone in the order of the pack', () => {
    expect(destinationsFrom(info, 'lgwan').map((f) => f.to)).toEqual(['internet', 'dmz']);
    expect(destinationsFrom(info, 'internet').map((f) => f.to)).toEqual(['lgwan']);
    expect(destinationsFrom(info, 'mynumber')).toEqual([]);
  });

  it('starts with the default level, else the least protected one', () => {
    const dim = dimension(info, 'confidentiality');
    expect(initialLevel(dim)).toBe('1');
    expect(initialLevel(dim && { ...dim, default_level: '2' })).toBe('2');
    expect(initialLevel(dim && { ...dim, default_level: '9' })).toBe('1');
    expect(initialLevel(undefined)).toBe('');
    expect(levelName(info, 'confidentiality', '3')).toBe('機密性3');
    expect(levelName(info, 'confidentiality', '3A')).toBe('3A');
    expect(levelName(null, 'confidentiality', '2')).toBe('2');
    expect(levelName(info, 'confidentiality', undefined)).toBe('—');
  });

  it('describes the conditions of a flow', () => {
    expect(flowConditions(info.flows[0])).toEqual(['送信できません']);
    expect(flowConditions(info.flows[1])).toEqual(['所属長の承認が必要です', '個人情報などの検査があり、見つかると止めます']);
    expect(flowConditions(info.flows[2])).toEqual(['無害化したファイルだけが届きます']);
    expect(flowConditions(info.flows[3])).toEqual(['条件なしで届きます']);
  });

  it('names zones and roles as the pack does', () => {
    expect(zoneLabel('dmz')).toBe('dmz');
    usePackNames(info.zones, info.roles);
    expect(zoneLabel('lgwan')).toBe('庁内系');
    expect(roleLabel('staff')).toBe('一般職員');
    expect(roleLabel('auditor')).toBe('auditor');
  });
});
