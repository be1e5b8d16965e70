import { readSnapshot } from './scripts/review/snapshot';
import { promiseFacts } from './scripts/review/promise-facts';
import { describe } from './scripts/review/fact-changes';
import { reviewSynths } from './scripts/review/review';
import { renderReview } from './scripts/review/render';
const s = readSnapshot('/tmp/i15-out');
for (const f of promiseFacts(s)) if (f.subject.startsWith('eu')) console.log(f.promise, '|', f.subject, '|', f.aspect, '|', describe(f.value));
console.log(renderReview(reviewSynths(s, readSnapshot('/tmp/i15-out')), { base: 'a', head: 'b' }));
