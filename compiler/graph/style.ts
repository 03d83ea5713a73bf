/** How each kind of node, edge and group looks: one table that SVG, DOT and Mermaid all read. */
import type { EdgeKind, GroupKind, NodeKind } from './model.ts';

export interface NodeStyle {
  fill: string;
  stroke: string;
  /** Outline: a box, a cylinder (data stores), a hexagon, a queue, … */
  shape: 'box' | 'rounded' | 'cylinder' | 'hexagon' | 'queue' | 'bucket' | 'octagon' | 'pill' | 'double' | 'cloud';
  /** One or two letters in the node's badge. */
  badge: string;
}

export const NODE_STYLE: Record<NodeKind, NodeStyle> = {
  service: { fill: '#dbeafe', stroke: '#2563eb', shape: 'rounded', badge: 'S' },
  job: { fill: '#e0e7ff', stroke: '#4f46e5', shape: 'box', badge: 'J' },
  function: { fill: '#fef3c7', stroke: '#b45309', shape: 'rounded', badge: 'λ' },
  testnet: { fill: '#ede9fe', stroke: '#7c3aed', shape: 'double', badge: 'T' },
  database: { fill: '#dcfce7', stroke: '#15803d', shape: 'cylinder', badge: 'DB' },
  cache: { fill: '#fee2e2', stroke: '#b91c1c', shape: 'cylinder', badge: 'C' },
  search: { fill: '#e0f2f1', stroke: '#00695c', shape: 'cylinder', badge: 'SR' },
  table: { fill: '#ccfbf1', stroke: '#0f766e', shape: 'cylinder', badge: 'T' },
  bucket: { fill: '#ffedd5', stroke: '#c2410c', shape: 'bucket', badge: 'B' },
  queue: { fill: '#fce7f3', stroke: '#be185d', shape: 'queue', badge: 'Q' },
  topic: { fill: '#fae8ff', stroke: '#a21caf', shape: 'hexagon', badge: 'P' },
  cdn: { fill: '#fff7ed', stroke: '#ea580c', shape: 'cloud', badge: 'CF' },
  secret: { fill: '#f1f5f9', stroke: '#475569', shape: 'box', badge: 'K' },
  alarm: { fill: '#fef9c3', stroke: '#a16207', shape: 'octagon', badge: '!' },
  notification: { fill: '#e0f2fe', stroke: '#0369a1', shape: 'pill', badge: '@' },
  internet: { fill: '#ffffff', stroke: '#dc2626', shape: 'cloud', badge: 'W' },
  internal: { fill: '#ffffff', stroke: '#2563eb', shape: 'cloud', badge: 'N' },
  scheduler: { fill: '#ffffff', stroke: '#64748b', shape: 'cloud', badge: '⏱' },
};

export interface EdgeStyle {
  stroke: string;
  dash?: string;
  width: number;
  /** What the legend calls it. */
  legend: string;
}

export const EDGE_STYLE: Record<EdgeKind, EdgeStyle> = {
  uses: { stroke: '#475569', width: 1.4, legend: 'uses' },
  secret: { stroke: '#94a3b8', dash: '2 3', width: 1.2, legend: 'reads secret' },
  publishes: { stroke: '#be185d', width: 1.6, legend: 'publishes' },
  subscription: { stroke: '#a21caf', width: 1.6, legend: 'subscription (filter)' },
  consumes: { stroke: '#db2777', width: 1.6, legend: 'consumed by' },
  dependsOn: { stroke: '#4f46e5', dash: '6 3', width: 1.4, legend: 'depends on' },
  before: { stroke: '#4338ca', dash: '6 3', width: 1.4, legend: 'runs before' },
  watches: { stroke: '#a16207', dash: '4 2', width: 1.4, legend: 'watched by alarm' },
  notifies: { stroke: '#0369a1', dash: '4 2', width: 1.4, legend: 'alarm notifies' },
  origin: { stroke: '#ea580c', width: 1.8, legend: 'CDN origin' },
  scales: { stroke: '#db2777', dash: '3 3', width: 1.4, legend: 'scales on queue depth' },
  'ingress-public': { stroke: '#dc2626', width: 2.2, legend: 'public ingress' },
  'ingress-internal': { stroke: '#2563eb', width: 2, legend: 'internal ingress' },
  route: { stroke: '#b45309', width: 2, legend: 'HTTP/websocket route' },
  schedule: { stroke: '#64748b', dash: '1 3', width: 1.6, legend: 'schedule' },
  authorizer: { stroke: '#b45309', dash: '2 2', width: 1.2, legend: 'authorizer' },
  'part-of': { stroke: '#7c3aed', width: 1, legend: 'testnet service' },
};

export const GROUP_STYLE: Record<GroupKind, { fill: string; stroke: string; dash?: string }> = {
  environment: { fill: '#f8fafc', stroke: '#64748b' },
  region: { fill: '#ffffff', stroke: '#94a3b8', dash: '8 4' },
  private: { fill: '#f0fdf4', stroke: '#86efac' },
  cluster: { fill: '#eff6ff', stroke: '#93c5fd' },
  monitoring: { fill: '#fefce8', stroke: '#fde047' },
};
