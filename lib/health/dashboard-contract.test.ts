// What the dashboard's client code restates from the server layers it may not import (it gets
// their answers' types only): the constants must stay the same on both sides.
import { describe, expect, it } from 'vitest';
import { OTHER_OPERATION as DASHBOARD_OTHER } from '@/components/dashboard/operation-rows';
import { BURN_WINDOWS as PANEL_BURN_WINDOWS } from '@/components/dashboard/slo-figures';
import { OTHER_OPERATION } from '../db';
import { BURN_WINDOWS } from './slo-view';

describe('the dashboard and the server agree', () => {
  it('on the name of the operations bucket past the cap', () => {
    expect(DASHBOARD_OTHER).toBe(OTHER_OPERATION);
  });
  it('on the burn-rate windows the SLO answer carries (and the 3-day one)', () => {
    expect(PANEL_BURN_WINDOWS).toEqual([...BURN_WINDOWS.map((w) => w.id), '3d']);
  });
});
