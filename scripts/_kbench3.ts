import { choleskyInPlace } from '../src/model/kernel.ts';
import { cholesky2 } from '/tmp/kb/chol2.ts';
import { createRng } from '../src/model/rng.ts';
const n = Number(process.argv[2] ?? 1988), h = 64;
const rng = createRng(1);
const X = new Float64Array(n * h).map(() => rng.normal());
const K = new Float64Array(n * n);
for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) { let s = 0; for (let k = 0; k < h; k++) s += X[i*h+k]!*X[j*h+k]!; K[i*n+j] = s + (i===j ? 1 : 0); K[j*n+i] = K[i*n+j]!; }
for (let rep = 0; rep < 2; rep++) {
  const A = K.slice(), B = K.slice();
  let t = performance.now(); choleskyInPlace(A, n); const t1 = performance.now() - t;
  t = performance.now(); cholesky2(B, n); const t2 = performance.now() - t;
  let md = 0; for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) md = Math.max(md, Math.abs(A[i*n+j]! - B[i*n+j]!));
  console.log(`old ${t1.toFixed(0)} new ${t2.toFixed(0)} maxdiff ${md}`);
}
