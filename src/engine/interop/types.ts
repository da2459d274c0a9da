// What the engine tells the page about a PyTorch weights file before and after import. Plain
// data: it crosses the worker boundary and the page renders it as it is.
import type { RunConfig } from '../../core/config';

export interface WeightsReport {
  fileName: string;
  /** lightning (.ckpt), torch (torch.save .pth/.pt) or safetensors. */
  format: string;
  /** The architecture the weights show, one line per part. */
  architecture: string[];
  /** Settings the weights cannot show (top-k, point_num, a missing projector) and their source. */
  provenance: string[];
  /** What was done to the file on the way (prefixes removed, heads ignored, parts initialised). */
  notes: string[];
  /** The config the model would be imported with: the base config, the file's settings, the architecture. */
  config: RunConfig;
  /** Problems of that config (a top-k above the SAE's latents, ...): fix them before importing. */
  problems: string[];
  /** Lightning's epoch and global_step, when the file has them. */
  epoch?: number;
  globalStep?: number;
}
