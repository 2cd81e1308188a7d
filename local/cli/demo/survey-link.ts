/**
 * Where the demo finds a customer's survey link: in the post-resolution execution's history, through the
 * runtime's Step Functions API (docs/api.md: GetExecutionHistory, any SigV4 credentials accepted locally). The
 * "Open survey" step's output carries `surveyUrl` (…/surveys/<token>), the same link the invitation message
 * carries. This reads structured state output rather than scraping a rendered email, and works for every channel.
 */
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';
import type { JourneysClient } from '../api-client';

const SURVEY_LINK = /\/surveys\/([A-Za-z0-9._~-]{1,256})/;

/**
 * The token of the customer's newest open post-resolution survey, or undefined when none is open yet. A customer
 * may have several post-resolution journeys (an incident, then a crisis all-clear), some still in their cool-down:
 * the newest one that has opened its survey wins.
 */
export async function findSurveyToken(client: JourneysClient, customerId: string): Promise<string | undefined> {
  for (const execution of (await client.executions(customerId)).filter((e) => e.journey === 'post-resolution')) {
    const token = await surveyTokenOf(client, execution.id);
    if (token) return token;
  }
  return undefined;
}

async function surveyTokenOf(client: JourneysClient, executionArn: string): Promise<string | undefined> {
  const sfn = new SFNClient({
    endpoint: client.endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 2,
  });
  try {
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1000, nextToken }));
      for (const event of page.events ?? []) {
        const token = tokenIn(event);
        if (token) return token;
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return undefined;
  } finally {
    sfn.destroy();
  }
}

function tokenIn(event: HistoryEvent): string | undefined {
  const outputs = [event.stateExitedEventDetails?.output, event.lambdaFunctionSucceededEventDetails?.output, event.taskSucceededEventDetails?.output];
  for (const output of outputs) {
    const match = output ? SURVEY_LINK.exec(output) : null;
    if (match?.[1]) return match[1];
  }
  return undefined;
}
