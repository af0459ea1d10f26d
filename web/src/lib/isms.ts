// The ISMS part of the API (docs/api.md "ISMS"): register kinds, records, campaigns, incidents,
// the statement of applicability, due items and the dashboard. The server decides what each
// user may read and change; these calls only carry it.
import { ApiError, errorFromResponse, getCsrfToken, handleError, request } from './api';

export interface Choice {
  id: string;
  label: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  type:
    | 'text'
    | 'long_text'
    | 'date'
    | 'bool'
    | 'integer'
    | 'choice'
    | 'choice_list'
    | 'record'
    | 'record_list'
    | 'user'
    | 'department'
    | 'department_list';
  required: boolean;
  max_length: number;
  record_kind: string;
  choices: Choice[];
}

export interface KindSpec {
  id: string;
  label: string;
  clause: string;
  visibility: string;
  has_department: boolean;
  title_field: string;
  can_create: boolean;
  fields: FieldSpec[];
}

export interface Kinds {
  kinds: KindSpec[];
  manager: boolean;
  reader: boolean;
  department_id: number;
  departments: { id: number; name: string }[];
  users: { id: number; name: string; login: string; department_id: number }[];
  fiscal_year: number;
  today: string;
}

export type Fields = Record<string, unknown>;

export interface IsmsRecord {
  id: number;
  kind: string;
  department_id: number;
  department: string;
  parent_id: number;
  version: number;
  fields: Fields;
  display: Record<string, string>;
  title: string;
  created_by: string;
  created_at: number;
  updated_by: string;
  updated_at: number;
  can_edit: boolean;
  handling?: { dimension: string; level: string; description: string; rules: string[] }[];
  response_plan?: { level: string; notify_roles: string[]; report_within_hours: number; resolve_within_hours: number };
  inherent?: RiskScore | null;
  residual?: RiskScore | null;
}

export interface RiskScore {
  score: number;
  band: string;
  band_name: string;
  acceptable: boolean;
}

export interface Counts {
  implemented: number;
  partial: number;
  not_implemented: number;
  not_applicable: number;
  unanswered: number;
}

export interface Evidence {
  id: number;
  record_id: number;
  name: string;
  size: number;
  sha256: string;
  created_by: string;
  created_at: number;
}

export interface Completion {
  user_id: number;
  name: string;
  department: string;
  done_on: string;
}

export interface Rollup {
  campaign: IsmsRecord;
  departments: { id: number; name: string; counts: Counts }[];
  requirements: { id: string; title: string; text: string; clause: string; counts: Counts }[];
}

export interface DueItem {
  kind: string;
  kind_label: string;
  record_id: number;
  department: string;
  title: string;
  due: string;
  overdue: boolean;
  what: string;
}

export interface ControlStatus {
  id: string;
  name: string;
  description: string;
  category: string;
  clause: string;
  check: string;
  check_state: string;
  check_detail: string;
  record: IsmsRecord | null;
}

export interface Dashboard {
  due: DueItem[];
  overdue: number;
  incidents: { open: IsmsRecord[]; by_level: Record<string, number> };
  risks: {
    likelihood: string[];
    impact: string[];
    bands: { id: string; name: string; max_score: number }[];
    inherent: number[][];
    residual: number[][];
  };
  campaigns: { id: number; title: string; deadline: string; answered: number; total: number }[];
  blocked_transfers: { since: string; by_reason: Record<string, number> } | null;
}

const enc = encodeURIComponent;

export const isms = {
  kinds: () => request<Kinds>('GET', '/api/v1/isms/kinds'),
  list: (kind: string, parent = 0) =>
    request<{ records: IsmsRecord[] }>('GET', `/api/v1/isms/records?kind=${enc(kind)}${parent ? `&parent=${parent}` : ''}`),
  get: (id: number) => request<{ record: IsmsRecord }>('GET', `/api/v1/isms/record?id=${id}`),
  create: (kind: string, fields: Fields, department_id = 0) =>
    request<{ record: IsmsRecord }>('POST', '/api/v1/isms/records', { kind, fields, department_id }),
  update: (id: number, version: number, fields: Fields) =>
    request<{ record: IsmsRecord }>('POST', '/api/v1/isms/records/update', { id, version, fields }),
  remove: (id: number, version: number, reason: string) =>
    request<object>('POST', '/api/v1/isms/records/delete', { id, version, reason }),
  reportIncident: (fields: Fields) =>
    request<{ record: IsmsRecord }>('POST', '/api/v1/isms/incidents/report', { fields }),
  incidentEvent: (id: number, event: string, text: string, changes: Fields) =>
    request<{ record: IsmsRecord }>('POST', '/api/v1/isms/incidents/event', { id, event, text, changes }),
  answer: (campaign: number, requirement: string, result: string, comment: string, department_id = 0) =>
    request<{ record: IsmsRecord }>('POST', '/api/v1/isms/answers', {
      campaign,
      requirement,
      result,
      comment,
      department_id,
    }),
  rollup: (campaign: number) => request<Rollup>('GET', `/api/v1/isms/rollup?campaign=${campaign}`),
  completeCourse: (course: number) =>
    request<{ record: IsmsRecord }>('POST', '/api/v1/isms/training/complete', { course }),
  acknowledge: () => request<{ record: IsmsRecord }>('POST', '/api/v1/isms/obligations/acknowledge', {}),
  soa: () => request<{ controls: ControlStatus[] }>('GET', '/api/v1/isms/soa'),
  due: (days: number) => request<{ items: DueItem[] }>('GET', `/api/v1/isms/due?days=${days}`),
  dashboard: () => request<Dashboard>('GET', '/api/v1/isms/dashboard'),
  history: (docKind: string) =>
    request<{ revisions: { id: number; date: string; version: string; reason: string; title: string }[] }>(
      'GET',
      `/api/v1/isms/documents/history?doc_kind=${enc(docKind)}`,
    ),
  evidence: (record: number) => request<{ evidence: Evidence[] }>('GET', `/api/v1/isms/evidence/list?record=${record}`),
  evidenceUrl: (id: number) => `/api/v1/isms/evidence?id=${id}`,
  trainingStatus: (course: number) =>
    request<{ users: Completion[] }>('GET', `/api/v1/isms/training/status?course=${course}`),
  obligationsStatus: () => request<{ users: Completion[] }>('GET', '/api/v1/isms/obligations/status'),
  exportUrl: (report: string, format: 'csv' | 'xlsx' | 'pdf', campaign = 0) =>
    `/api/v1/isms/export?report=${enc(report)}&format=${format}${campaign ? `&campaign=${campaign}` : ''}`,
};

/** POST `file` as the raw body to `path`; the JSON answer. */
async function postFile<T>(path: string, file: File): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'X-CSRF-Token': getCsrfToken(), 'Content-Type': 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!res.ok) {
    const err = await errorFromResponse(res);
    handleError(err);
    throw err;
  }
  return (await res.json()) as T;
}

/** POST /api/v1/isms/import?kind=KIND with the file as the raw body (CSV or XLSX). */
export async function importFile(kind: string, file: File): Promise<number> {
  return (await postFile<{ created: number }>(`/api/v1/isms/import?kind=${enc(kind)}`, file)).created;
}

/** POST /api/v1/isms/evidence: a file as evidence of a record. */
export async function addEvidence(record: number, file: File): Promise<Evidence> {
  const path = `/api/v1/isms/evidence?record=${record}&name=${enc(file.name)}`;
  return (await postFile<{ evidence: Evidence }>(path, file)).evidence;
}

export const RESULT_LABELS: Record<string, string> = {
  implemented: '実施',
  partial: '一部実施',
  not_implemented: '未実施',
  'not-implemented': '未実施',
  not_applicable: '該当なし',
  'not-applicable': '該当なし',
  unanswered: '未回答',
};

export const CHECK_LABELS: Record<string, string> = { pass: '適合', fail: '不適合', unknown: '確認不能' };

export const CATEGORY_LABELS: Record<string, string> = {
  organizational: '組織的',
  physical: '物理的',
  human: '人的',
  technical: '技術的',
  operational: '運用',
};

/** The share of answered items, 0..100. */
export function answeredPercent(c: Counts): number {
  const total = c.implemented + c.partial + c.not_implemented + c.not_applicable + c.unanswered;
  return total ? Math.round(((total - c.unanswered) * 100) / total) : 0;
}
