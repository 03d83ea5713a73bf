/**
 * What this target uses of cdk8s, loaded with CommonJS `require`: imported as an ES module, Node
 * first scans the source of cdk8s's index and of every module it re-exports for their export
 * names (measured: 77–87 ms to import, 52–58 ms to require, on the benchmark machine).
 */
// Aliased: a bundle's banner may declare its own `createRequire` (scripts/bundle.mjs, the tests' bundles).
import { createRequire as createCommonJsRequire } from 'node:module';

const load = createCommonJsRequire(import.meta.url);

export const { ApiObject, App, Chart, ImplicitTokenResolver, LazyResolver, NumberStringUnionResolver } = load('cdk8s') as typeof import('cdk8s');
export type ApiObject = import('cdk8s').ApiObject;
export type App = import('cdk8s').App;
export type Chart = import('cdk8s').Chart;
export type JsonPatch = import('cdk8s').JsonPatch;
