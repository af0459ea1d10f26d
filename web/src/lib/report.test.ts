import { describe, expect, it } from 'vitest';
import {
  describeAction,
  describeBlockReason,
  describeMember,
  describeDlp,
  describeTransferReason,
  isKnownAction,
  dlpSummary,
  verdictSummary,
} from './report';
import { errorMessage, stateLabel } from './labels';

describe('describeAction', () => {
  const cases: [string, string, string][] = [
    ['removed', 'vba-project', 'マクロ（VBA）を削除しました'],
    ['removed', 'excel4-macro-sheet', 'Excel 4.0 マクロシートを削除しました'],
    ['neutralized', 'dde-field', 'DDE フィールドを無効化しました'],
    ['removed', 'external-template', '外部への参照を削除しました'],
    ['removed', 'external-link', '外部への参照を削除しました'],
    ['removed', 'external-reference', '外部への参照を削除しました'],
    ['removed', 'javascript', 'JavaScript を削除しました'],
    ['removed', 'metadata', '作成者などの個人情報（メタデータ）を削除しました'],
    ['converted', 'macro-enabled-type', 'マクロ有効形式（docm など）を通常の形式に変換しました'],
    ['neutralized', 'csv-formula', '数式として実行されうるセルを無効化しました'],
    ['re-encoded', 'image', '画像を再エンコードしました'],
  ];
  for (const [action, what, text] of cases) {
    it(`${action} ${what}`, () => {
      expect(describeAction({ action, what, where: 'x' })).toBe(text);
    });
  }

  it('knows which actions have their own sentence', () => {
    expect(isKnownAction({ action: 'removed', what: 'vba-project' })).toBe(true);
    expect(isKnownAction({ action: 'removed', what: 'external-frame' })).toBe(true);
    expect(isKnownAction({ action: 'removed', what: 'new-thing' })).toBe(false);
  });

  it('adds the count when merged', () => {
    expect(describeAction({ action: 'neutralized', what: 'dde-field', count: 2 })).toBe(
      'DDE フィールドを無効化しました（2 件）',
    );
  });

  it('falls back to the raw what and where', () => {
    expect(describeAction({ action: 'removed', what: 'new-thing', where: 'ppt/x.xml' })).toBe(
      '「new-thing」を削除しました（場所: ppt/x.xml）',
    );
    expect(describeAction({ action: 'frobbed', what: 'odd' })).toBe('「odd」を処理しました（frobbed）');
  });
});

describe('block reasons', () => {
  it('maps the documented slugs', () => {
    expect(describeBlockReason('encrypted')).toBe('パスワード付きのため無害化できません');
    expect(describeBlockReason('limit-expanded-size')).toBe('大きさ・複雑さの上限を超えたため受け付けられません');
    expect(describeBlockReason('unsupported-type')).toBe('対応していない形式です');
    expect(describeBlockReason('something-new')).toBe('無害化できません（理由: something-new）');
    expect(describeBlockReason('archive-executable')).toBe('実行ファイルやスクリプトは受け付けられません');
    expect(describeBlockReason('malformed-odf')).toBe(
      'ファイルの構造が壊れているか、受け付けられない作りのため無害化できません',
    );
  });

  it('describes archive members', () => {
    expect(describeMember({ name: 'setup.exe', verdict: 'blocked', reason: 'archive-executable' })).toBe(
      'setup.exe: 取り除きました（実行ファイルやスクリプトは受け付けられません）',
    );
    expect(describeMember({ name: '議事録.docm', output_name: '議事録.docx', verdict: 'sanitized' })).toBe(
      '議事録.docm → 議事録.docx: 無害化しました',
    );
    expect(describeMember({ name: 'memo.txt', output_name: 'memo.txt', verdict: 'clean' })).toBe(
      'memo.txt: 問題は見つかりませんでした',
    );
  });

  it('reads the gateway reason of an engine block', () => {
    expect(describeTransferReason('無害化できなかった（cdr: encrypted, text: encrypted）')).toEqual([
      'パスワード付きのため無害化できません',
    ]);
    expect(describeTransferReason('無害化できなかった（cdr: limit-depth, text: unsupported-type）')).toEqual([
      '大きさ・複雑さの上限を超えたため受け付けられません',
      '対応していない形式です',
    ]);
    expect(describeTransferReason('dlp-unscannable: malformed-pdf')).toEqual([
      '文字を取り出せず情報漏えい検査ができなかったため止めました',
    ]);
    expect(describeTransferReason('機密性3の情報は LGWAN 接続系の外へ持ち出せない')).toEqual([
      '機密性3の情報は LGWAN 接続系の外へ持ち出せない',
    ]);
    expect(describeTransferReason('')).toEqual([]);
  });
});

describe('DLP', () => {
  const dlp = {
    hit: true,
    reason: 'dlp-hit',
    total: 3,
    findings: [
      { detector: 'my-number', name: '個人番号', line: 3, offset: 10, masked: '1234 **** 9012' },
      { detector: 'my-number', name: '個人番号', line: 7, offset: 90, masked: '**** **** ****' },
      { detector: 'staff-id', name: '職員番号', line: 7, offset: 99, masked: 'S-***' },
    ],
  };

  it('groups findings with line numbers and masked text only', () => {
    const groups = describeDlp(dlp);
    expect(groups).toHaveLength(2);
    expect(groups[0]).toEqual({
      label: 'マイナンバー（個人番号）と思われる番号',
      lines: [3, 7],
      masked: ['1234 **** 9012', '**** **** ****'],
      count: 2,
    });
    expect(groups[1].label).toBe('職員番号と思われる情報');
  });

  it('summarises', () => {
    expect(dlpSummary(dlp)).toBe('個人情報などと思われる情報が 3 件見つかりました');
    expect(dlpSummary({ hit: false, total: 0, findings: [] })).toBe('個人情報などは見つかりませんでした');
    expect(dlpSummary(null)).toBe('情報漏えい検査は行っていません');
    expect(dlpSummary({ hit: true, reason: 'dlp-unavailable', total: 0, findings: [] })).toBe(
      '情報漏えい検査を実行できなかったため止めました',
    );
  });
});

describe('verdicts and labels', () => {
  it('summarises a verdict', () => {
    expect(verdictSummary({ verdict: 'clean', actions: [] })).toContain('見つかりませんでした');
    expect(
      verdictSummary({
        verdict: 'sanitized',
        actions: [
          { action: 'removed', what: 'vba-project' },
          { action: 're-encoded', what: 'image' },
        ],
      }),
    ).toBe('危険な要素を取り除きました（1 種類）');
    expect(verdictSummary({ verdict: 'blocked', reason: 'encrypted' })).toBe(
      '受け付けられませんでした: パスワード付きのため無害化できません',
    );
  });

  it('labels states and errors in Japanese', () => {
    expect(stateLabel('awaiting_approval')).toBe('承認待ち');
    expect(stateLabel('blocked')).toBe('ブロック');
    expect(errorMessage('bad-credentials')).toBe('ログイン名またはパスワードが違います');
    expect(errorMessage('not-found')).toBe('見つかりません（権限がない場合も含みます）');
    expect(errorMessage('body-too-large')).toBe('ファイルが大きすぎます');
    expect(errorMessage('weird')).toBe('エラーが発生しました（weird）');
  });
});
