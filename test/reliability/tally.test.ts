/** The reliability tally counts duplicates and losses per message: one of each must not read 0/0. */
import { describe, expect, it } from 'vitest';
import { deliveryTally } from './support';

const sends = new Map([
  ['m-1', 'ses-1'],
  ['m-2', 'ses-2'],
]);

describe('deliveryTally', () => {
  it('one delivery per completed send: nothing duplicated, nothing lost', () => {
    expect(deliveryTally(sends, ['ses-2', 'ses-1'])).toEqual({ duplicated: 0, lost: 0 });
  });

  it('one message delivered twice and another never: 1 duplicated and 1 lost, not netted to 0/0', () => {
    expect(deliveryTally(sends, ['ses-1', 'ses-1'])).toEqual({ duplicated: 1, lost: 1 });
  });

  it('a delivery no completed send accounts for is a duplicate; a send nobody got is lost', () => {
    expect(deliveryTally(sends, ['ses-1', 'ses-9'])).toEqual({ duplicated: 1, lost: 1 });
    expect(deliveryTally(new Map(), ['sns-1', 'sns-1'])).toEqual({ duplicated: 2, lost: 0 });
    expect(deliveryTally(sends, [])).toEqual({ duplicated: 0, lost: 2 });
  });
});
