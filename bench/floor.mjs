// The floor a build is compared with, measured as a process of its own:
//   node bench/floor.mjs none <json>      plain node start-up
//   node bench/floor.mjs <list> <json>    start-up plus importing every module in <list> (a JSON
//                                         array of file URLs and bare specifiers), building nothing
// Writes { peakRssBytes } to <json>. Bare specifiers resolve from bench/, inside the project, so
// they find the same node_modules as dist/.
import { readFileSync, writeFileSync } from 'node:fs';

const [list, report] = process.argv.slice(2);
if (list !== 'none') for (const specifier of JSON.parse(readFileSync(list, 'utf8'))) await import(specifier);
writeFileSync(report, `${JSON.stringify({ peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
