/**
 * @module
 * The API layer's public face: every handler, one folder per spec tag.
 */

import type { Handler } from "./handler.ts";
import { containerHandlers } from "./containers/mod.ts";
import { execHandlers } from "./exec/mod.ts";
import { imageHandlers } from "./images/mod.ts";
import { networkHandlers } from "./networks/mod.ts";
import { pluginHandlers } from "./plugins/mod.ts";
import { systemHandlers } from "./system/mod.ts";
import { volumeHandlers } from "./volumes/mod.ts";

export type { Handler, RequestContext } from "./handler.ts";

/** Every implemented handler; the rest of the spec answers 501. */
export const handlers: readonly Handler[] = [
  ...systemHandlers,
  ...containerHandlers,
  ...execHandlers,
  ...imageHandlers,
  ...volumeHandlers,
  ...networkHandlers,
  ...pluginHandlers,
];
