/**
 * DynamoDB faults on the handlers' own client, answered by the runtime's DynamoDB endpoint in DynamoDB's error
 * format: the SDK raises the named exceptions. Throttling within the SDK's 3 attempts is absorbed by the SDK's own
 * retry (backoff with jitter); beyond it the error reaches the journey, whose Retry runs the step again. A
 * conditional-check failure on the send claim (as when another attempt raced it) is re-read and claimed again.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { MINUTE, advance, count, customer, putProfiles, record, signedUp, taskErrors, type Suite } from '../support';

const THROTTLED = { name: 'ProvisionedThroughputExceededException', status: 400 };

export function tableScenarios(suite: Suite): void {
  describe('table', () => {
    /** Attempts the DynamoDB client makes by default (4 in current SDKs; the handlers keep the default). */
    let sdkAttempts = 0;
    beforeAll(async () => {
      const client = new DynamoDBClient({ region: 'eu-central-1' });
      sdkAttempts = await client.config.maxAttempts();
      client.destroy();
    });

    it('DynamoDB throttling within the SDK retries: absorbed by the SDK, nothing reaches the journey', async () => {
      const rt = suite.runtime;
      const customers = ['ddb-throttle-a', 'ddb-throttle-b'].map(customer);
      await putProfiles(rt, customers);
      // The send claims' PutItem: throttled on every attempt but the SDK's last, which goes through. One customer at
      // a time: faults are counted per target, not per customer, so two claims in flight together could share them
      // unevenly (one getting every attempt's fault) depending on how their retries interleave.
      const faults = (sdkAttempts - 1) * customers.length;
      for (const c of customers) {
        rt.faults.dynamodb.failFor('PutItem SEND#', THROTTLED, sdkAttempts - 1);
        expect((await rt.api('POST', '/events', { events: [signedUp(c)] })).status).toBe(202);
        await rt.idle();
      }
      await advance(rt, MINUTE);

      const tally = await count(rt, customers, ['welcome']);
      const errors = (await Promise.all(customers.map((c) => taskErrors(rt, 'onboarding', `onboarding-evt-${c.customerId}-signup`)))).flat();
      expect(rt.faults.dynamodb.fired).toHaveLength(faults);
      expect(errors).toEqual([]);
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'DynamoDB throttling (within SDK retries)', outcome: 'retried', evidence: `SDK retried ${faults} ProvisionedThroughputExceeded`, ...tally });
    });

    it('DynamoDB throttling past the SDK retries: the journey retries the step; each welcome sent once', async () => {
      const rt = suite.runtime;
      const c = customer('ddb-throttle-hard');
      await putProfiles(rt, [c]);
      // Every attempt of the first invocation throttled; the journey's Retry goes through.
      rt.faults.dynamodb.failFor('PutItem SEND#', { name: 'ThrottlingException', status: 400 }, sdkAttempts);
      expect((await rt.api('POST', '/events', signedUp(c))).status).toBe(202);
      await rt.idle();
      await advance(rt, MINUTE);

      const tally = await count(rt, [c], ['welcome']);
      expect(rt.faults.dynamodb.fired).toHaveLength(sdkAttempts);
      expect(await taskErrors(rt, 'onboarding', `onboarding-evt-${c.customerId}-signup`)).toEqual(['ThrottlingException']);
      expect(tally).toMatchObject({ sent: 1, duplicated: 0, lost: 0 });
      record({ fault: 'DynamoDB throttling (past SDK retries)', outcome: 'retried', evidence: `SDK tried ${sdkAttempts}, Step Functions Retry 1`, ...tally });
    });

    it('a conditional-check failure on the send claim: re-read, claimed again, sent once', async () => {
      const rt = suite.runtime;
      const customers = ['ddb-ccf-a', 'ddb-ccf-b'].map(customer);
      await putProfiles(rt, customers);
      rt.faults.dynamodb.failFor('PutItem SEND#', { name: 'ConditionalCheckFailedException', status: 400, message: 'The conditional request failed' }, customers.length);
      expect((await rt.api('POST', '/events', { events: customers.map((c) => signedUp(c)) })).status).toBe(202);
      await rt.idle();
      await advance(rt, MINUTE);

      const tally = await count(rt, customers, ['welcome']);
      const errors = (await Promise.all(customers.map((c) => taskErrors(rt, 'onboarding', `onboarding-evt-${c.customerId}-signup`)))).flat();
      expect(rt.faults.dynamodb.fired).toHaveLength(customers.length);
      expect(errors).toEqual([]);
      expect(tally).toMatchObject({ sent: customers.length, duplicated: 0, lost: 0 });
      record({ fault: 'DynamoDB ConditionalCheckFailed (claim)', outcome: 'retried', evidence: 'claim re-read (free) and taken again', ...tally });
    });
  });
}
