// Plain-Japanese descriptions of the 無害化 report (docs/report.md), DLP findings (docs/dlp.md)
// and transfer block reasons (docs/gateway.md). Pure functions only: unit-tested in report.test.ts.

export interface ReportAction {
  action: string;
  what: string;
  where?: string;
  detail?: string;
  count?: number;
}

export interface LimitEvent {
  limit: string;
  where?: string;
  value?: number;
  max?: number;
}

export interface SanitizeReport {
  schema?: number;
  input?: { sha256?: string; size?: number; type?: string } | null;
  declared_name?: string;
  name_mismatch?: string | null;
  method?: string;
  verdict?: string;
  reason?: string;
  message?: string;
  actions?: ReportAction[];
  actions_truncated?: boolean;
  limit_events?: LimitEvent[];
  output?: { sha256?: string; size?: number; type?: string } | null;
  members?: MemberReport[];
}

/** One member of an archive (docs/report.md, `members[]`). */
export interface MemberReport {
  name: string;
  output_name?: string;
  input_type?: string;
  output_type?: string;
  verdict?: string;
  reason?: string;
  message?: string;
  actions?: ReportAction[];
  members?: MemberReport[];
}

export interface DlpFinding {
  detector: string;
  name?: string;
  line?: number;
  offset?: number;
  masked?: string;
}

export interface DlpResult {
  hit?: boolean;
  reason?: string;
  total?: number;
  findings?: DlpFinding[];
}

// One sentence per (action, what). Keys are "action:what"; "*:what" matches any action.
const ACTION_SENTENCES: Record<string, string> = {
  'removed:vba-project': 'マクロ（VBA）を削除しました',
  'removed:vba-signature': 'マクロ（VBA）の署名を削除しました',
  'removed:vba-data': 'マクロ（VBA）のデータを削除しました',
  'removed:excel4-macro-sheet': 'Excel 4.0 マクロシートを削除しました',
  'removed:excel-dialog-sheet': 'Excel ダイアログシートを削除しました',
  'removed:auto-run-name': '自動実行される名前定義（Auto_Open など）を削除しました',
  'removed:activex': 'ActiveX コントロールを削除しました',
  'removed:form-control': 'フォームコントロールを削除しました',
  'removed:ole-object': '埋め込みオブジェクト（OLE）を削除しました',
  'removed:ole-package': '埋め込まれたファイル（OLE パッケージ）を削除しました',
  'removed:macro-assignment': 'マクロの割り当てを削除しました',
  'neutralized:dde-field': 'DDE フィールドを無効化しました',
  'removed:dde-field': 'DDE フィールドを削除しました',
  'neutralized:include-field': '外部ファイルを取り込むフィールドを無効化しました',
  'neutralized:import-field': '外部ファイルを取り込むフィールドを無効化しました',
  'neutralized:link-field': 'リンクフィールドを無効化しました',
  'neutralized:hyperlink-field': 'ハイパーリンクのフィールドを無効化しました',
  'neutralized:field': 'フィールドを無効化しました',
  'removed:data-connection': '外部データへの接続設定を削除しました',
  'removed:query-table': '外部データを取り込むクエリを削除しました',
  'removed:custom-ui': 'リボンのカスタマイズを削除しました',
  'removed:key-map-customizations': 'キー割り当てのカスタマイズを削除しました',
  'removed:toolbars': 'ツールバーのカスタマイズを削除しました',
  'removed:presentation-action': 'スライドのクリック時動作を削除しました',
  'removed:launch-link': 'プログラムを起動するリンクを削除しました',
  'neutralized:launch-link': 'プログラムを起動するリンクを無効化しました',
  'removed:hyperlink': 'ハイパーリンクを削除しました',
  'neutralized:hyperlink': 'ハイパーリンクを無効化しました',
  'removed:mail-merge': '差し込み印刷の設定を削除しました',
  'removed:attached-template': '添付テンプレートの参照を削除しました',
  'removed:signature': '電子署名を削除しました（内容を変更したため無効になります）',
  'removed:printer-settings': 'プリンター設定を削除しました',
  'removed:embedded-font': '埋め込みフォントを削除しました',
  'removed:custom-xml': 'カスタム XML データを削除しました',
  'removed:custom-properties': 'ユーザー設定のプロパティを削除しました',
  'removed:thumbnail': 'サムネイル画像を削除しました',
  'removed:media': '動画・音声などのメディアを削除しました',
  'removed:web-extension': 'Web アドインを削除しました',
  'removed:calc-chain': '再計算用の内部情報を削除しました（開くと再計算されます）',
  'removed:pivot-table': 'ピボットテーブルを削除しました',
  'removed:pivot-cache': 'ピボットテーブルのキャッシュを削除しました',
  'removed:slicer': 'スライサーを削除しました',
  'removed:timeline': 'タイムラインを削除しました',
  'removed:tags': 'タグ情報を削除しました',
  'removed:metadata': '作成者などの個人情報（メタデータ）を削除しました',
  'removed:image-unsupported': '対応していない形式の画像を削除しました',
  'removed:vml-drawing': 'VML 図形を削除しました',
  'removed:unknown-part': '不明な部品を削除しました',
  'removed:unreferenced-part': 'どこからも参照されていない部品を削除しました',
  'removed:dangling-relationship': '存在しない部品への参照を削除しました',
  'removed:invalid-relationship': '不正な参照を削除しました',
  'removed:forbidden-part': '許可されていない部品を削除しました',
  'converted:macro-enabled-type': 'マクロ有効形式（docm など）を通常の形式に変換しました',
  'neutralized:csv-formula': '数式として実行されうるセルを無効化しました',
  're-encoded:image': '画像を再エンコードしました',
  'removed:javascript': 'JavaScript を削除しました',
  'removed:embedded-file': '埋め込まれたファイルを削除しました',
  'removed:launch-action': 'プログラムを起動する動作を削除しました',
  'removed:open-action': '開いたときに実行される動作を削除しました',
  'removed:form': '入力フォーム（フォーム機能）を削除しました',
  'removed:xfa': 'XFA フォームを削除しました',
  'removed:annotation': '注釈を削除しました',
  // archives and legacy Office
  'removed:archive-member': 'アーカイブ内の無害化できないファイルを取り除きました',
  'converted:archive-format': '圧縮ファイルを ZIP 形式に作り直しました',
  'converted:member-name': 'アーカイブ内のファイルの拡張子を、無害化後の形式に合わせて変えました',
  'converted:legacy-office': '旧形式の Office 文書を、隔離した環境で新しい形式に変換しました',
  'kept:malware-scan': 'ウイルス検査で問題は見つかりませんでした',
  'added:ocr-text-layer': '画像化した各ページに、検索・コピー用の見えない文字（OCR）を付けました',
  // OpenDocument
  'removed:basic-macro': 'マクロ（LibreOffice Basic）を削除しました',
  'removed:macro': 'マクロを削除しました',
  'removed:script': 'スクリプトを削除しました',
  'removed:macro-dialog': 'マクロのダイアログを削除しました',
  'removed:event-listener': 'イベントに割り当てられた動作（マクロなど）を削除しました',
  'removed:embedded-object': '埋め込みオブジェクトを削除しました',
  'removed:applet': 'Java アプレットを削除しました',
  'removed:plugin': 'プラグイン（動画・音声など）を削除しました',
  'removed:floating-frame': '外部の文書を表示する枠（フローティングフレーム）を削除しました',
  'removed:dde-link': 'DDE リンクを削除しました',
  'removed:linked-section': '外部ファイルへのリンク（セクション）を削除しました',
  'removed:linked-table': '外部ファイルへのリンク（シート）を削除しました',
  'removed:linked-range': '外部データへのリンク（範囲）を削除しました',
  'removed:database-source': 'データベースへの接続設定を削除しました',
  'removed:database-field': 'データベースフィールドを通常の文字列にしました',
  'removed:fieldmark': '変換されなかったフィールドを削除しました',
  'removed:inline-image': '文書に直接書き込まれた画像を削除しました',
  'removed:foreign-element': '許可されていない要素を削除しました',
  'removed:foreign-attribute': '許可されていない属性を削除しました',
  'removed:ui-configuration': 'メニュー・ツールバーのカスタマイズを削除しました',
  'removed:rdf-metadata': 'RDF メタデータを削除しました',
  'removed:setting': '外部データやプリンターを指す設定を削除しました',
  'removed:author': 'コメント・変更履歴の作成者名を削除しました',
  'removed:template-link': 'テンプレートへの参照を削除しました',
  'removed:auto-reload': '自動再読み込みの設定を削除しました',
  'removed:hyperlink-behaviour': 'ハイパーリンクの動作設定を削除しました',
  'removed:sound': '音声を削除しました',
  'removed:animation-command': 'アニメーションのコマンドを削除しました',
  'removed:shape-engine': '図形の描画エンジンの指定を削除しました',
  'removed:xml-base': '参照の基準 URL を削除しました',
  'removed:malformed-part': '壊れた部品を削除しました',
  'removed:missing-image': '存在しない画像への参照を削除しました',
};

// Every `external-*` slug is a reference to something outside the file.
const EXTERNAL_SENTENCE = '外部への参照を削除しました';

const ACTION_VERBS: Record<string, string> = {
  removed: '削除しました',
  neutralized: '無効化しました',
  converted: '変換しました',
  're-encoded': '再エンコードしました',
  repaired: '修復しました',
  added: '加えました',
};

/** True when describeAction has a sentence of its own (not the raw what/where fallback). */
export function isKnownAction(a: ReportAction): boolean {
  return (
    `${a.action}:${a.what}` in ACTION_SENTENCES ||
    a.what.startsWith('external-') ||
    (a.what === 'image' && (a.action === 're-encoded' || a.action === 'converted'))
  );
}

/** One Japanese sentence for a report action; unknown slugs fall back to the raw what/where. */
export function describeAction(a: ReportAction): string {
  let sentence = ACTION_SENTENCES[`${a.action}:${a.what}`];
  if (!sentence && a.what.startsWith('external-') && a.action === 'removed') sentence = EXTERNAL_SENTENCE;
  if (!sentence && a.what.startsWith('external-')) sentence = `外部への参照を${ACTION_VERBS[a.action] ?? '処理しました'}`;
  if (!sentence && a.what === 'image' && (a.action === 're-encoded' || a.action === 'converted')) {
    sentence = '画像を再エンコードしました';
  }
  if (!sentence) {
    const verb = ACTION_VERBS[a.action] ?? `処理しました（${a.action}）`;
    sentence = `「${a.what}」を${verb}`;
    if (a.where) sentence += `（場所: ${a.where}）`;
  }
  if (a.count && a.count > 1) sentence += `（${a.count} 件）`;
  return sentence;
}

/** True for actions that only inform (nothing dangerous was found). */
export function isInformational(a: ReportAction): boolean {
  return (
    a.action === 're-encoded' || a.action === 'repaired' || a.action === 'kept' || a.action === 'added'
  );
}

const BLOCK_REASONS: Record<string, string> = {
  encrypted: 'パスワード付きのため無害化できません',
  'unsupported-type': '対応していない形式です',
  'method-unsupported': 'この形式はこの無害化方式に対応していません',
  'output-verification-failed': '無害化後の検証に失敗したため受け付けられません',
  'sanitize-verification-failed': '無害化後の検証に失敗したため受け付けられません',
  'xml-doctype': 'ファイルの構造が不正なため受け付けられません',
  'policy-denied': 'このネットワーク間の送信はポリシーで認められていません',
  'dlp-hit': '個人情報など持ち出してはならない情報が見つかりました',
  'dlp-unavailable': '情報漏えい検査を実行できなかったため止めました',
  'dlp-unscannable': '文字を取り出せず情報漏えい検査ができなかったため止めました',
  'dlp-error': '情報漏えい検査でエラーが発生したため止めました',
  'limit-dlp-input': '大きさの上限を超えたため情報漏えい検査ができません',
  'archive-member-refused': 'アーカイブ内に無害化できないファイルがあるため、アーカイブ全体を止めました',
  'archive-executable': '実行ファイルやスクリプトは受け付けられません',
  'archive-unsafe-name': '危険なファイル名（フォルダーの外を指す名前、偽装した拡張子など）のため取り除きました',
  'archive-duplicate-name': '同じ名前のファイルが重なっているため取り除きました',
  'archive-link': 'リンクや特殊なファイルは受け付けられません',
  'archive-cycle': 'アーカイブが自分自身を含んでいるため取り除きました',
  'office-conversion-failed': 'LibreOffice で開けなかったため無害化できません',
  'converter-unavailable': '変換環境（LibreOffice）を使えないため無害化できません',
  'svg-dtd': 'ファイルの構造が不正なため受け付けられません',
  'svg-reference-loop': '画像の参照が循環しているため受け付けられません',
  'malware-detected': 'ウイルス（マルウェア）が検出されたため止めました',
  'yara-match': '不審なファイルの検査ルールに一致したため止めました',
  'scanner-unavailable': 'ウイルス検査を実行できなかったため止めました',
};

/** Japanese for a block reason slug (docs/report.md); unknown slugs are shown as they are. */
export function describeBlockReason(reason: string): string {
  const slug = reason.trim();
  if (BLOCK_REASONS[slug]) return BLOCK_REASONS[slug];
  if (slug.startsWith('limit-')) return '大きさ・複雑さの上限を超えたため受け付けられません';
  if (slug.startsWith('malformed-') || slug.startsWith('zip')) {
    return 'ファイルの構造が壊れているか、受け付けられない作りのため無害化できません';
  }
  return `無害化できません（理由: ${slug}）`;
}

/**
 * Japanese for a transfer's `reason` (the gateway's): a slug, "slug: detail", the engine's
 * "無害化できなかった（cdr: encrypted, text: unsupported-type）", or the policy's own Japanese text.
 */
export function describeTransferReason(reason: string): string[] {
  const r = reason.trim();
  if (!r) return [];
  const engine = /^無害化できなかった（(.*)）$/.exec(r);
  if (engine) {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const part of engine[1].split(',')) {
      const colon = part.indexOf(':');
      const slug = (colon >= 0 ? part.slice(colon + 1) : part).trim();
      const text = describeBlockReason(slug);
      if (!seen.has(text)) {
        seen.add(text);
        out.push(text);
      }
    }
    return out;
  }
  if (/^[a-z0-9-]+(:.*)?$/.test(r)) {
    const slug = r.split(':')[0];
    return [describeBlockReason(slug)];
  }
  return [r]; // already Japanese (policy reasons, approver comments)
}

const DLP_DETECTORS: Record<string, string> = {
  'my-number': 'マイナンバー（個人番号）と思われる番号',
  'corporate-number': '法人番号と思われる番号',
  'card-number': 'クレジットカード番号と思われる番号',
};

export interface DlpLine {
  label: string;
  lines: number[];
  masked: string[];
  count: number;
}

/** DLP findings grouped by detector: label, line numbers and masked renderings only. */
export function describeDlp(dlp: DlpResult | null | undefined): DlpLine[] {
  if (!dlp || !dlp.findings) return [];
  const groups = new Map<string, DlpLine>();
  for (const f of dlp.findings) {
    const label = DLP_DETECTORS[f.detector] ?? (f.name ? `${f.name}と思われる情報` : `検出: ${f.detector}`);
    let g = groups.get(f.detector);
    if (!g) {
      g = { label, lines: [], masked: [], count: 0 };
      groups.set(f.detector, g);
    }
    g.count++;
    if (typeof f.line === 'number' && !g.lines.includes(f.line)) g.lines.push(f.line);
    if (f.masked && g.masked.length < 5 && !g.masked.includes(f.masked)) g.masked.push(f.masked);
  }
  return [...groups.values()];
}

/** One-line summary of a DLP result. */
export function dlpSummary(dlp: DlpResult | null | undefined): string {
  if (!dlp || Object.keys(dlp).length === 0) return '情報漏えい検査は行っていません';
  if (!dlp.hit) return '個人情報などは見つかりませんでした';
  const total = dlp.total ?? dlp.findings?.length ?? 0;
  if (total === 0) return describeBlockReason((dlp.reason ?? 'dlp-error').split(':')[0]);
  return `個人情報などと思われる情報が ${total} 件見つかりました`;
}

/** One-line summary of a sanitize report's verdict. */
export function verdictSummary(report: SanitizeReport | null | undefined): string {
  if (!report) return '無害化の結果はまだありません';
  switch (report.verdict) {
    case 'clean':
      return '危険な要素は見つかりませんでした（変更はありません）';
    case 'sanitized': {
      const n = (report.actions ?? []).filter((a) => !isInformational(a)).length;
      return n > 0 ? `危険な要素を取り除きました（${n} 種類）` : '無害化しました';
    }
    case 'blocked':
      return `受け付けられませんでした: ${describeBlockReason(report.reason ?? '')}`;
    default:
      return `結果: ${report.verdict ?? '不明'}`;
  }
}

const METHODS: Record<string, string> = {
  cdr: '無害化（危険な要素の除去）',
  text: 'テキスト化',
  'image-pdf': '画像化（PDF）',
};

export function describeMethod(method: string | undefined): string {
  if (!method) return '';
  return METHODS[method] ?? method;
}

/** One Japanese line for an archive member: what happened to it, and why when it was dropped. */
export function describeMember(m: MemberReport): string {
  if (m.verdict === 'blocked') return `${m.name}: 取り除きました（${describeBlockReason(m.reason ?? '')}）`;
  const renamed = m.output_name && m.output_name !== m.name ? ` → ${m.output_name}` : '';
  if (m.verdict === 'sanitized') return `${m.name}${renamed}: 無害化しました`;
  return `${m.name}${renamed}: 問題は見つかりませんでした`;
}
