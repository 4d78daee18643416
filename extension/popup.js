// Boots the Rust core in the toolbar popup. All behaviour is in Rust
// (src/web/); this file only loads the module.
import init, { popup_main } from './pkg/casescope.js';

await init({ module_or_path: new URL('./pkg/casescope_bg.wasm', import.meta.url) });
await popup_main();
