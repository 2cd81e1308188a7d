/** What a rule says when it stops or changes a message: a machine code and a sentence for humans. */
import type { ReasonCode } from '../model/message';

export interface Verdict {
  code: ReasonCode;
  reason: string;
}
