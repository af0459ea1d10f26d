// What the UI derives from the loaded policy pack (GET /api/v1/policy): where a zone may send,
// the classification levels to offer, and the names of levels.
import type { PolicyDimension, PolicyFlow, PolicyInfo, PolicyLevel } from './api';

/** Allowed flows out of `zone`, in the order of the pack's zones. */
export function destinationsFrom(policy: PolicyInfo, zone: string): PolicyFlow[] {
  const order = policy.zones.map((z) => z.id);
  return policy.flows
    .filter((f) => f.allow && f.from === zone && f.to !== zone)
    .sort((a, b) => order.indexOf(a.to) - order.indexOf(b.to));
}

/** The classification dimension `id` ("confidentiality"), or undefined. */
export function dimension(policy: PolicyInfo, id: string): PolicyDimension | undefined {
  return policy.classification.find((d) => d.id === id);
}

/**
 * The level a form starts with: the dimension's default level when the pack names one that
 * exists, else the least protected level (the last); '' when there are no levels.
 */
export function initialLevel(dim: PolicyDimension | undefined): string {
  if (!dim || dim.levels.length === 0) return '';
  if (dim.levels.some((l) => l.id === dim.default_level)) return dim.default_level;
  return dim.levels[dim.levels.length - 1].id;
}

/** Level `level` of dimension `dimensionId`, or undefined. */
export function findLevel(policy: PolicyInfo, dimensionId: string, level: string): PolicyLevel | undefined {
  return dimension(policy, dimensionId)?.levels.find((l) => l.id === level);
}

/** "機密性2" for ("confidentiality", "2"); the level itself when the pack does not know it. */
export function levelName(policy: PolicyInfo | null, dimensionId: string, level: string | undefined): string {
  if (!level) return '—';
  return (policy && findLevel(policy, dimensionId, level)?.name) || level;
}

/** A flow's conditions in plain Japanese, for the send form and the policy page. */
export function flowConditions(flow: PolicyFlow): string[] {
  if (!flow.allow) return ['送信できません'];
  const out: string[] = [];
  if (flow.sanitize && flow.sanitize.length > 0) out.push('無害化したファイルだけが届きます');
  if (flow.approval === 'supervisor') out.push('所属長の承認が必要です');
  if (flow.dlp === 'block') out.push('個人情報などの検査があり、見つかると止めます');
  if (flow.dlp === 'escalate') out.push('個人情報などの検査があり、見つかると情報セキュリティ管理者の判断を待ちます');
  if (out.length === 0) out.push('条件なしで届きます');
  return out;
}
