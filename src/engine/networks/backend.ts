/**
 * @module
 * The Network capability a backend implements, in the API's shapes.
 */

import type { Types } from "../../../generated/docker/mod.ts";

/** Key → accepted values, parsed from a `filters` parameter. */
export type NetworkFilters = ReadonlyMap<string, readonly string[]>;

/** Filter keys of `docker network ls`. */
export const NETWORK_LIST_FILTERS = ["dangling", "driver", "id", "label", "name", "scope", "type"];

/** Filter keys of `docker network prune`. */
export const NETWORK_PRUNE_FILTERS = ["label", "label!", "until"];

/** The body of network create. */
export interface NetworkCreateBody {
  Name: string;
  Driver?: string;
  Scope?: string;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  IPAM?: Types.IPAM;
  EnableIPv4?: boolean;
  EnableIPv6?: boolean;
  Options?: Record<string, string>;
  Labels?: Record<string, string>;
  /** Ignored since API 1.44: duplicate names are always refused. */
  CheckDuplicate?: boolean;
}

/** The Network capability. */
export interface NetworkBackend {
  list(filters: NetworkFilters): Promise<Types.NetworkSummary[]>;
  inspect(ref: string, options: { scope?: string }): Promise<Types.NetworkInspect>;
  create(body: NetworkCreateBody): Promise<Types.NetworkCreateResponse>;
  remove(ref: string): Promise<void>;
  connect(ref: string, container: string, endpoint: Types.EndpointSettings | null): Promise<void>;
  disconnect(ref: string, container: string, force: boolean): Promise<void>;
  prune(filters: NetworkFilters): Promise<Types.NetworkPruneResponse>;
}
