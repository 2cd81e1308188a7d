/**
 * Survey invitations: `pk = SURVEY#<token>` (the token is the secret in the survey link). The survey item holds
 * what answering needs — the customer, the journey execution and the Step Functions task token that resumes
 * it. A pointer `SURVEY#<token>` in the customer's collection lets erasure find the survey item too.
 */
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, GoneError, NotFoundError } from '../domain/errors';
import { isConditionalCheckFailed, withoutAttributes, type Item } from './dynamo-helpers';
import { keys, ttlAt } from './keys';

export interface Survey {
  token: string;
  customerId: string;
  /** Names the survey in the `survey.responded` event. */
  surveyId: string;
  /** The journey execution waiting for the answer. */
  execution: string;
  /** Not used to resume the journey (its wait is parked under the customer's WAIT# items); kept for support. */
  taskToken?: string;
  createdAt: string;
  expiresAt: string;
  answeredAt?: string;
  /** When the journey stopped waiting for an answer (close-survey): later answers are refused with 410. */
  closedAt?: string;
  score?: number;
  /** The customer's free-text comment (personal data: erased with the customer through the SURVEY# pointer). */
  comment?: string;
}

export type NewSurvey = Omit<Survey, 'createdAt' | 'answeredAt' | 'closedAt' | 'score' | 'comment'>;

export interface SurveyAnswer {
  score: number;
  comment?: string;
}

export interface SurveyStore {
  /** 409 `survey_exists` if the token is taken. */
  create(survey: NewSurvey): Promise<Survey>;
  /** 404 when unknown or expired, 410 `survey_closed` when closed unanswered. */
  get(token: string): Promise<Survey>;
  /** 404 when unknown or expired, 409 `already_answered` the second time, 410 `survey_closed` once closed. */
  answer(token: string, answer: SurveyAnswer): Promise<Survey>;
  /**
   * Closes an unanswered survey (the journey stopped waiting); answers whether it did. An answered, unknown or
   * already closed survey is left as it is, so a retried step is harmless.
   */
  close(token: string): Promise<boolean>;
  /**
   * Claims the customer's one survey invitation of the spacing window, atomically: taken when no invitation was
   * claimed after `since` (or this message holds the claim already: a retry). Otherwise answers the invitation
   * that holds it. Two invitations decided at the same instant cannot both go out.
   */
  claimInvitation(claim: InvitationClaim, since: string): Promise<{ claimed: true } | { claimed: false; holder: InvitationClaim }>;
}

/** Who was invited, by which message of which journey, when (virtual time, ISO). */
export interface InvitationClaim {
  customerId: string;
  messageId: string;
  journey: string;
  at: string;
}

export interface DynamoSurveyStoreOptions {
  tableName: string;
  /** How long an answered or expired survey is kept after its expiry, for support questions. */
  retentionDays?: number;
  clock?: () => Date;
}

const BOOKKEEPING = ['pk', 'sk', 'ttl'] as const;

export class DynamoSurveyStore implements SurveyStore {
  private readonly table: string;
  private readonly retentionDays: number;
  private readonly clock: () => Date;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    options: DynamoSurveyStoreOptions,
  ) {
    this.table = options.tableName;
    this.retentionDays = options.retentionDays ?? 30;
    this.clock = options.clock ?? (() => new Date());
  }

  async create(input: NewSurvey): Promise<Survey> {
    // Normalised to toISOString() so the expiry condition below can compare strings.
    const survey: Survey = { ...input, expiresAt: new Date(input.expiresAt).toISOString(), createdAt: this.clock().toISOString() };
    const ttl = ttlAt(new Date(Date.parse(survey.expiresAt) + this.retentionDays * 86_400_000));
    // The pointer first: if the survey put fails, a dangling pointer is harmless; the reverse would hide a
    // survey (with personal data) from erasure.
    await this.doc.send(new PutCommand({ TableName: this.table, Item: { ...keys.surveyRef(survey.customerId, survey.token), token: survey.token, ttl } }));
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...survey, ...keys.survey(survey.token), ttl },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err) {
      if (isConditionalCheckFailed(err)) throw new ConflictError('a survey with this token already exists', 'survey_exists');
      throw err;
    }
    return survey;
  }

  async get(token: string): Promise<Survey> {
    const item = await this.read(token);
    if (!item || this.isExpired(item)) throw notFound();
    if (item.closedAt !== undefined && item.answeredAt === undefined) throw closed();
    return item;
  }

  async answer(token: string, answer: SurveyAnswer): Promise<Survey> {
    const now = this.clock().toISOString();
    const withComment = answer.comment !== undefined && answer.comment !== '';
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.survey(token),
          UpdateExpression: `SET #answeredAt = :now, #score = :score${withComment ? ', #comment = :comment' : ''}`,
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#answeredAt) AND attribute_not_exists(#closedAt) AND #expiresAt > :now',
          ExpressionAttributeNames: {
            '#answeredAt': 'answeredAt',
            '#score': 'score',
            '#expiresAt': 'expiresAt',
            '#closedAt': 'closedAt',
            ...(withComment ? { '#comment': 'comment' } : {}),
          },
          ExpressionAttributeValues: { ':now': now, ':score': answer.score, ...(withComment ? { ':comment': answer.comment } : {}) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toSurvey(result.Attributes ?? {});
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    // The condition failed: tell "already answered" (409) from "closed" (410) from "unknown or expired" (404).
    const existing = await this.read(token);
    if (existing?.answeredAt) throw new ConflictError('this survey has already been answered', 'already_answered');
    if (existing?.closedAt !== undefined && !this.isExpired(existing)) throw closed();
    throw notFound();
  }

  async close(token: string): Promise<boolean> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.survey(token),
          UpdateExpression: 'SET #closedAt = :now',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#answeredAt) AND attribute_not_exists(#closedAt)',
          ExpressionAttributeNames: { '#answeredAt': 'answeredAt', '#closedAt': 'closedAt' },
          ExpressionAttributeValues: { ':now': this.clock().toISOString() },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionalCheckFailed(err)) return false;
      throw err;
    }
  }

  async claimInvitation(claim: InvitationClaim, since: string): Promise<{ claimed: true } | { claimed: false; holder: InvitationClaim }> {
    const key = keys.surveyInvitation(claim.customerId);
    // Kept as long as the longest spacing a policy override allows (366 days), then it can only be reclaimed anyway.
    const ttl = ttlAt(new Date(Date.parse(claim.at) + 366 * 86_400_000));
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...claim, ...key, ttl },
          ConditionExpression: 'attribute_not_exists(pk) OR #at <= :since OR #messageId = :messageId',
          ExpressionAttributeNames: { '#at': 'at', '#messageId': 'messageId' },
          ExpressionAttributeValues: { ':since': since, ':messageId': claim.messageId },
        }),
      );
      return { claimed: true };
    } catch (err) {
      if (!isConditionalCheckFailed(err)) throw err;
    }
    const holder = await this.doc.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    const item = holder.Item ?? {};
    return { claimed: false, holder: { customerId: claim.customerId, messageId: String(item.messageId), journey: String(item.journey), at: String(item.at) } };
  }

  private async read(token: string): Promise<Survey | undefined> {
    const result = await this.doc.send(new GetCommand({ TableName: this.table, Key: keys.survey(token), ConsistentRead: true }));
    return result.Item ? toSurvey(result.Item) : undefined;
  }

  private isExpired(survey: Survey): boolean {
    return Date.parse(survey.expiresAt) <= this.clock().getTime();
  }
}

function toSurvey(item: Item): Survey {
  return withoutAttributes(item, BOOKKEEPING) as unknown as Survey;
}

function closed(): GoneError {
  return new GoneError('this survey has closed: the journey no longer waits for an answer', 'survey_closed');
}

function notFound(): NotFoundError {
  return new NotFoundError('unknown or expired survey');
}
