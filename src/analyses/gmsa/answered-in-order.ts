// gMSA items in the order they were made, each waiting for its access review (issue 23). The reviews
// run a few at a time while the pods stream, so the items whose answers are in form a prefix that
// grows as the stream goes: that prefix is answered and handed over (-o json writes it, doctor counts
// it) and what stays held is the window behind the oldest review still in flight, not every item.
// The order is the report's: items are never sorted, they follow the stream.
import type {GmsaItem} from './analysis.js';
import type {Question} from './reviews.js';

export class AnsweredInOrder {
  private items: GmsaItem[] = [];
  private questions: Question[] = [];

  /** `answer` fills an item in from its settled question (and makes its finding, if any). */
  constructor(private readonly answer: (item: GmsaItem, question: Question) => void) {}

  add(item: GmsaItem, question: Question): void {
    this.items.push(item);
    this.questions.push(question);
  }

  /** The items up to the first whose question is still open, answered and let go. */
  takeAnswered(): GmsaItem[] {
    let n = 0;
    while (n < this.questions.length && this.questions[n].settled) n++;
    return this.take(n);
  }

  /** Every item held, answered and let go: once every question is settled. */
  takeAll(): GmsaItem[] {
    return this.take(this.items.length);
  }

  private take(n: number): GmsaItem[] {
    if (n === 0) return [];
    let items = this.items;
    let questions = this.questions;
    if (n === items.length) {
      this.items = [];
      this.questions = [];
    } else {
      items = items.splice(0, n);
      questions = questions.splice(0, n);
    }
    for (let k = 0; k < n; k++) this.answer(items[k], questions[k]);
    return items;
  }
}
