/**
 * Deletes the state machine versions nobody needs any more: not routed to by any alias, not the newest, and with
 * no execution RUNNING on them (a customer waiting for days on an old version keeps it). Deploys never delete a
 * version (they are retained), so this is how old versions go. Dry run unless `--apply`.
 *
 *   npm run prune-versions -- [--apply] [--endpoint http://127.0.0.1:3000] <stateMachineArn>…
 *
 * Without ARNs: every state machine the account (or the local runtime) lists. Deployed, it uses the default
 * credentials chain; locally, any credentials (the runtime accepts every SigV4 signature).
 */
import {
  DeleteStateMachineVersionCommand,
  DescribeStateMachineAliasCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachinesCommand,
  ListStateMachineVersionsCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';

export interface PruneReport {
  stateMachineArn: string;
  kept: Array<{ versionArn: string; why: 'newest' | 'routed' | 'in flight' }>;
  deleted: string[];
}

export async function pruneVersions(sfn: SFNClient, stateMachineArn: string, options: { apply: boolean }): Promise<PruneReport> {
  const versions = await all(async (nextToken) => {
    const page = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn, ...(nextToken ? { nextToken } : {}) }));
    return [(page.stateMachineVersions ?? []).map((item) => item.stateMachineVersionArn as string), page.nextToken];
  });
  const aliases = await all(async (nextToken) => {
    const page = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn, ...(nextToken ? { nextToken } : {}) }));
    return [(page.stateMachineAliases ?? []).map((item) => item.stateMachineAliasArn as string), page.nextToken];
  });
  const routed = new Set<string>();
  for (const aliasArn of aliases) {
    const alias = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn: aliasArn }));
    for (const route of alias.routingConfiguration ?? []) routed.add(route.stateMachineVersionArn as string);
  }
  const report: PruneReport = { stateMachineArn, kept: [], deleted: [] };
  // ListStateMachineVersions answers newest first.
  for (const [index, versionArn] of versions.entries()) {
    if (index === 0) report.kept.push({ versionArn, why: 'newest' });
    else if (routed.has(versionArn)) report.kept.push({ versionArn, why: 'routed' });
    else if (await hasRunning(sfn, versionArn)) report.kept.push({ versionArn, why: 'in flight' });
    else {
      if (options.apply) await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: versionArn }));
      report.deleted.push(versionArn);
    }
  }
  return report;
}

async function hasRunning(sfn: SFNClient, versionArn: string): Promise<boolean> {
  const page = await sfn.send(new ListExecutionsCommand({ stateMachineArn: versionArn, statusFilter: 'RUNNING', maxResults: 1 }));
  return (page.executions ?? []).length > 0;
}

async function all<T>(page: (nextToken: string | undefined) => Promise<[T[], string | undefined]>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const [more, next] = await page(nextToken);
    items.push(...more);
    nextToken = next;
  } while (nextToken);
  return items;
}

async function main(argv: string[]): Promise<void> {
  const apply = argv.includes('--apply');
  const endpointAt = argv.indexOf('--endpoint');
  const endpoint = endpointAt >= 0 ? argv[endpointAt + 1] : undefined;
  const arns = argv.filter((arg, index) => arg.startsWith('arn:') && argv[index - 1] !== '--endpoint');
  const sfn = new SFNClient({
    ...(endpoint ? { endpoint, region: process.env.AWS_REGION ?? 'eu-central-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
  const targets = arns.length > 0 ? arns : ((await sfn.send(new ListStateMachinesCommand({}))).stateMachines ?? []).map((item) => item.stateMachineArn as string);
  for (const arn of targets) {
    const report = await pruneVersions(sfn, arn, { apply });
    for (const { versionArn, why } of report.kept) console.log(`keep    ${versionArn} (${why})`);
    for (const versionArn of report.deleted) console.log(`${apply ? 'deleted' : 'would delete'} ${versionArn}`);
  }
  if (!apply) console.log('dry run: nothing deleted (add --apply)');
}

if (process.argv[1]?.endsWith('prune-versions.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error((error as Error).message);
    process.exitCode = 1;
  });
}
