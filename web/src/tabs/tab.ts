// What every tab of the dashboard implements. main.ts mounts a tab the first
// time it is shown and calls refresh() every 3 s while it is visible.
import type { Status } from '../api';

export interface RefreshContext {
  status: Status; // fetched once per cycle and shared by the header and the tabs
  signal: AbortSignal;
}

export interface Tab {
  readonly id: string;
  readonly title: string;
  mount(panel: HTMLElement): void;
  // Fetches what the tab shows and renders it; throws ApiError when the API fails.
  refresh(context: RefreshContext): Promise<void>;
}
