import { makeDataset } from '/work/main/src/model/data.ts';
import { initParamValues } from '/work/main/src/model/model.ts';
import { kernelRegression } from '/work/main/src/model/kernel.ts';
for (const p of [31, 47]) for (const frac of [0.3, 0.5, 0.9]) {
  const ds = makeDataset(p, 'add', frac, 0);
  const h = 128;
  const params = initParamValues(p, h, 1, 1000);
  for (let rep = 0; rep < 2; rep++) {
    const r = kernelRegression({ kind: 'empirical', weights: { p, h, activation: 'square', params } }, ds);
    const e = kernelRegression({ kind: 'expected', width: h }, ds);
    console.log(p, frac, r.nTrain, 'emp acc', r.testAccuracy.toFixed(3), 'train', r.trainAccuracy, JSON.stringify(r.ms), 'exp acc', e.testAccuracy.toFixed(3), e.bottomShare.toFixed(2), JSON.stringify(e.ms));
  }
}
