import assert from 'node:assert/strict';
import {
  canEditStatusField,
  canEditStepField,
  COMPLETED_STEP,
  currentStep,
  isLive,
  OFFICIAL_STATUS_FIELDS,
  PLAN_STATUS_FIELDS,
  progressPercent,
  STEP_ARTICLES,
  STEP_NUMBERS,
} from '../../../bot/features/onboarding/model.js';
import type { StepStatus } from '../../../bot/store/onboarding-repository.js';
import { STATUS_FIELDS } from '../../../bot/store/onboarding-repository.js';
import { SOURCE_PAGES } from '../../../bot/features/guidance/source-pages.js';

const steps = (...statuses: StepStatus[]) => statuses.map((status, i) => ({ step: i + 1, status }));

describe('onboarding model', () => {
  it('the current step is the first one not done or not applicable', () => {
    assert.equal(
      currentStep(steps('not_started', 'not_started', 'not_started', 'not_started', 'not_started', 'not_started', 'not_started')),
      1,
    );
    assert.equal(currentStep(steps('done', 'done', 'in_progress', 'not_started', 'not_started', 'not_started', 'not_started')), 3);
    assert.equal(currentStep(steps('done', 'done', 'done', 'not_applicable', 'not_started', 'done', 'not_started')), 5);
    assert.equal(currentStep(steps('done', 'done', 'done', 'not_applicable', 'done', 'done', 'done')), COMPLETED_STEP);
    assert.equal(
      currentStep([
        { step: 2, status: 'done' },
        { step: 1, status: 'in_progress' },
      ]),
      1,
      'order of the input does not matter',
    );
  });

  it('progress counts closed steps', () => {
    assert.equal(
      progressPercent(steps('done', 'not_applicable', 'in_progress', 'not_started', 'not_started', 'not_started', 'not_started')),
      29,
    );
    assert.equal(progressPercent(steps('done', 'done', 'done', 'done', 'done', 'done', 'done')), 100);
    assert.equal(progressPercent([]), 0);
  });

  it('live means a go-live date today or earlier', () => {
    assert.equal(isLive('2026-11-26', '2026-11-26'), true);
    assert.equal(isLive('2026-11-27', '2026-11-26'), false);
    assert.equal(isLive(null, '2026-11-26'), false);
  });

  it('plan and official fields partition the status fields', () => {
    assert.deepEqual([...PLAN_STATUS_FIELDS, ...OFFICIAL_STATUS_FIELDS].sort(), [...STATUS_FIELDS].sort());
    for (const field of ['joiningNotificationProcessed', 'goLiveDate', 'testAccountReceived'] as const) {
      assert.equal(canEditStatusField('plan', field), false, field);
      assert.equal(canEditStatusField('all', field), true, field);
    }
    for (const field of PLAN_STATUS_FIELDS) {
      assert.equal(canEditStatusField('plan', field), true, field);
      assert.equal(canEditStatusField('none', field), false, field);
    }
  });

  it('an institution edits steps 1–4 and the responsible person of every step', () => {
    for (const step of STEP_NUMBERS) {
      assert.equal(canEditStepField('plan', step, 'responsible'), true);
      assert.equal(canEditStepField('plan', step, 'status'), step <= 4, `step ${step}`);
      assert.equal(canEditStepField('plan', step, 'note'), step <= 4, `step ${step}`);
      assert.equal(canEditStepField('all', step, 'status'), true);
      assert.equal(canEditStepField('none', step, 'responsible'), false);
    }
  });

  it('every step links to its knowledge-base article and guidance page', () => {
    assert.deepEqual(
      STEP_NUMBERS.map((s) => STEP_ARTICLES[s].key),
      [
        'vaihe-1-kenelle',
        'vaihe-2-tietosisallot',
        'vaihe-3-organisoituminen',
        'vaihe-4-integraatio',
        'vaihe-5-kayttoehdot',
        'vaihe-6-kayttoonotto',
        'vaihe-7-palaute',
      ],
    );
    for (const s of STEP_NUMBERS) assert.match(STEP_ARTICLES[s].url, /^https:\/\/wiki\.eduuni\.fi\//);
  });

  it("step page URLs agree with the guidance feature's page list (both come from pages.json)", () => {
    for (const s of STEP_NUMBERS) {
      const page = SOURCE_PAGES.find((p) => p.key === STEP_ARTICLES[s].key);
      if (page) assert.equal(STEP_ARTICLES[s].url, page.url, STEP_ARTICLES[s].key);
    }
    assert.ok(SOURCE_PAGES.some((p) => p.key === 'vaihe-1-kenelle'));
  });
});
