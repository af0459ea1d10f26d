// The JSON API (docs/api.md). The server sets the session cookie; we keep the CSRF token in
// memory and send it as X-CSRF-Token on every non-GET request.
import { errorMessage } from './labels';
import type { DlpResult, SanitizeReport } from './report';

/** A user as every answer shows it (GET /api/v1/me, the admin routes). */
export interface User {
  id: number;
  login: string;
  display_name: string;
  role: string;
  department_id: number;
  email: string;
  totp_enabled: boolean;
  disabled: boolean;
  /** An administrator reset the password: only the password page works until it is changed. */
  must_change_password: boolean;
}

export interface Me {
  user: User;
  csrf_token: string;
  mfa_ok: boolean;
  zone: string;
}

export interface Transfer {
  id: number;
  sender_id: number;
  from_zone: string;
  to_zone: string;
  classification: Record<string, string>;
  note: string;
  state: string;
  reason: string;
  file_name: string;
  size: number;
  sha256: string;
  file_type: string;
  output_name: string;
  recipients: number[];
  max_downloads: number;
  downloads: number;
  created_at: number;
  available_at: number;
  expires_at: number;
  report?: SanitizeReport | null;
  dlp?: DlpResult | null;
  decision?: unknown;
}

/** GET /api/v1/audit: one record of the audit chain (docs/api.md). */
export interface AuditRecord {
  seq: number;
  time: string;
  actor: string;
  zone: string;
  action: string;
  object_id: string;
  details: Record<string, unknown>;
  hash: string;
}

/** GET /api/v1/audit/verify: what `sanso audit verify` checks. */
export interface AuditVerify {
  ok: boolean;
  records: number;
  verified: number;
  checkpoints: number;
  last_checkpoint: { seq: number; time: string; hash: string } | null;
  problem: { kind: string; seq: number; message: string } | null;
}

/** GET /api/v1/admin/users: the same fields as every user. */
export type AdminUser = User;

/** A substitute approver (代理承認者): from/until are JST days YYYY-MM-DD, '' for an open end. */
export interface Substitute {
  user_id: number;
  login: string | null;
  valid_from: number;
  valid_until: number;
  from: string;
  until: string;
  active: boolean;
}

export interface Department {
  id: number;
  name: string;
  supervisor_id: number | null;
  supervisor_login: string | null;
  substitutes: Substitute[];
}

/** GET /api/v1/policy: the loaded policy pack, as far as users need it (docs/api.md). */
export interface PolicyZone {
  id: string;
  name: string;
  definition: string;
  clause: string;
  isolated: boolean;
  untrusted: boolean;
}

export interface PolicyFlow {
  from: string;
  to: string;
  allow: boolean;
  approval: string; // "none" | "supervisor"
  dlp: string; // "off" | "block" | "escalate"
  sanitize: string[] | null; // 無害化 methods in order of preference; null: none
  reason: string;
  clause: string;
}

export interface PolicyLevel {
  id: string;
  name: string;
  description: string;
}

export interface PolicyDimension {
  id: string;
  name: string;
  clause: string;
  default_level: string;
  levels: PolicyLevel[]; // most protected first
}

export interface PolicyInfo {
  urn: string;
  version: number;
  name: string;
  zones: PolicyZone[];
  flows: PolicyFlow[];
  classification: PolicyDimension[];
  roles: { id: string; name: string; admin: boolean }[];
  retention: { originals_days: number; transfers_days: number; audit_years: number };
  max_upload_bytes: number;
  /** The policy's threat categories (section 3) and measures (section 6); absent in older packs. */
  threats?: { id: string; number: number; name: string; examples: string; clause: string }[];
  measures?: { id: string; number: number; name: string; text: string; clause: string }[];
}

export interface TimelineEvent {
  at: number;
  state: string;
  actor: number | string | null;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public slug: string,
    public detail: string,
  ) {
    super(errorMessage(slug));
  }
}

let csrfToken = '';
let onNoSession: () => void = () => {};

export function setCsrfToken(token: string): void {
  csrfToken = token;
}
export function getCsrfToken(): string {
  return csrfToken;
}
/** Called when the server says the session is gone (401 no-session). */
export function setNoSessionHandler(handler: () => void): void {
  onNoSession = handler;
}

export async function errorFromResponse(res: Response): Promise<ApiError> {
  let slug = `http-${res.status}`;
  let detail = '';
  try {
    const body = await res.json();
    if (body && typeof body.error === 'string') slug = body.error;
    if (body && typeof body.message === 'string') detail = body.message;
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, slug, detail);
}

export function handleError(err: ApiError): void {
  if (err.slug === 'no-session') onNoSession();
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
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

const q = (id: number) => `?id=${encodeURIComponent(String(id))}`;

export const api = {
  login: (login: string, password: string, code?: string) =>
    request<Me>('POST', '/api/v1/login', code ? { login, password, code } : { login, password }),
  logout: () => request<object>('POST', '/api/v1/logout'),
  me: () => request<Me>('GET', '/api/v1/me'),
  policy: () => request<PolicyInfo>('GET', '/api/v1/policy'),
  totpBegin: () =>
    request<{ secret: string; otpauth_uri: string; qr_svg: string }>('POST', '/api/v1/me/totp/begin'),
  totpConfirm: (code: string) => request<{ recovery_codes: string[] }>('POST', '/api/v1/me/totp/confirm', { code }),
  createTransfer: (body: {
    to_zone: string;
    recipients: string[];
    classification: Record<string, string>;
    note: string;
  }) => request<Transfer>('POST', '/api/v1/transfers', body),
  list: (box: 'sent' | 'inbox' | 'approvals') =>
    request<{ transfers: Transfer[] }>('GET', `/api/v1/transfers?box=${box}`),
  item: (id: number) => request<Transfer>('GET', `/api/v1/transfers/item${q(id)}`),
  // Long poll: answers once the transfer has left `state` (or after `seconds`, at most 30).
  itemChange: (id: number, state: string, seconds: number) =>
    request<Transfer>(
      'GET',
      `/api/v1/transfers/item${q(id)}&wait=${seconds}&state=${encodeURIComponent(state)}`,
    ),
  timeline: (id: number) => request<{ events: TimelineEvent[] }>('GET', `/api/v1/transfers/timeline${q(id)}`),
  approve: (id: number, comment: string) => request<object>('POST', `/api/v1/transfers/approve${q(id)}`, { comment }),
  reject: (id: number, comment: string) => request<object>('POST', `/api/v1/transfers/reject${q(id)}`, { comment }),
  downloadUrl: (id: number) => `/api/v1/transfers/download${q(id)}`,
  audit: (before: number | null, limit: number) =>
    request<{ records: AuditRecord[]; next_before: number | null }>(
      'GET',
      `/api/v1/audit?limit=${limit}${before ? `&before=${before}` : ''}`,
    ),
  auditVerify: () => request<AuditVerify>('GET', '/api/v1/audit/verify'),
  adminUsers: () => request<{ users: AdminUser[] }>('GET', '/api/v1/admin/users'),
  adminCreateUser: (body: { login: string; display_name: string; department: string; role: string; email: string }) =>
    request<{ user: AdminUser; initial_password: string }>('POST', '/api/v1/admin/users', body),
  adminChangeUser: (id: number, change: 'disable' | 'enable' | 'totp-reset') =>
    request<{ user: AdminUser }>('POST', `/api/v1/admin/users/${change}${q(id)}`, {}),
  adminResetPassword: (id: number) =>
    request<{ user: AdminUser; generated_password: string }>('POST', `/api/v1/admin/users/password${q(id)}`, {
      generate: true,
    }),
  adminDepartments: () => request<{ departments: Department[] }>('GET', '/api/v1/admin/departments'),
  /** `login` null leaves the department without a supervisor. */
  adminSetSupervisor: (id: number, login: string | null) =>
    request<{ department: Department }>('POST', `/api/v1/admin/departments/supervisor${q(id)}`, { login }),
  adminAddSubstitute: (id: number, body: { login: string; from: string; until: string }) =>
    request<{ department: Department }>('POST', `/api/v1/admin/departments/substitutes${q(id)}`, body),
  adminRemoveSubstitute: (id: number, login: string) =>
    request<{ department: Department }>('POST', `/api/v1/admin/departments/substitutes/remove${q(id)}`, { login }),
  changePassword: (current_password: string, new_password: string) =>
    request<object>('POST', '/api/v1/me/password', { current_password, new_password }),
};

/** POST `body` as JSON to `path` and take the answer as a file (releases of originals). */
export async function postForFile(path: string, body: unknown): Promise<{ blob: Blob; name: string }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
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
  return { blob: await res.blob(), name: fileNameFromDisposition(res.headers.get('Content-Disposition')) };
}

/** Release of an original (security managers): POST with a reason, answer is the file. */
export function releaseOriginal(id: number, reason: string): Promise<{ blob: Blob; name: string }> {
  return postForFile(`/api/v1/transfers/release${q(id)}`, { reason });
}

export function fileNameFromDisposition(header: string | null): string {
  if (!header) return 'download';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      /* fall through */
    }
  }
  const plain = /filename="([^"]*)"/i.exec(header);
  return plain ? plain[1] : 'download';
}

/**
 * Upload the file as the raw body (PUT /api/v1/transfers/content). XHR, for progress events.
 */
export function uploadContent(
  id: number,
  file: File,
  onProgress: (loaded: number, total: number) => void,
): { promise: Promise<Transfer>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Transfer>((resolve, reject) => {
    xhr.open('PUT', `/api/v1/transfers/content?id=${id}&name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: any = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON */
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body as Transfer);
      } else {
        const slug = body && typeof body.error === 'string' ? body.error : xhr.status === 413 ? 'body-too-large' : `http-${xhr.status}`;
        const err = new ApiError(xhr.status, slug, body?.message ?? '');
        handleError(err);
        reject(err);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', ''));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', ''));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

export function toMessage(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.slug === 'aborted') return 'アップロードを中止しました';
    if (e.slug === 'invalid-argument' && e.detail) return `${e.message}（${e.detail}）`;
    return e.message;
  }
  return 'エラーが発生しました';
}
