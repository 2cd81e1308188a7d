/** When a customer leaves a journey at a step that checks (functions/domain/rules/journey-exit.ts). */
import { describe, expect, it } from 'vitest';
import { journeyExitReason } from '../../../functions/domain/rules/journey-exit';
import { aProfile } from '../../support/builders';

describe('journey exit', () => {
  it('an erased or missing profile leaves', () => {
    expect(journeyExitReason(null, 'offers')).toBe('profile erased or missing');
    expect(journeyExitReason(undefined, 'offers')).toBe('profile erased or missing');
  });

  it('a churned customer leaves, whatever the consent', () => {
    expect(journeyExitReason(aProfile({ lifecycle: 'churned' }), 'offers')).toBe('customer churned');
    expect(journeyExitReason(aProfile({ lifecycle: 'churned', consents: { product_news: false } }), 'product_news')).toBe('customer churned');
  });

  it('a customer opted out of the topic on every channel leaves, the topic named in words', () => {
    expect(journeyExitReason(aProfile({ consents: { product_news: false } }), 'product_news')).toBe('customer unsubscribed from product news');
    expect(journeyExitReason(aProfile({ consents: { onboarding_tips: { email: false, sms: false, push: false } } }), 'onboarding_tips')).toBe(
      'customer unsubscribed from onboarding tips',
    );
  });

  it('anyone else stays: consent on some channel, or a service topic with nothing recorded', () => {
    expect(journeyExitReason(aProfile({ consents: { offers: true } }), 'offers')).toBeUndefined();
    expect(journeyExitReason(aProfile({ consents: { offers: { email: false } } }), 'offers')).toBeUndefined();
    expect(journeyExitReason(aProfile({ lifecycle: 'active', consents: {} }), 'surveys')).toBeUndefined();
  });
});
