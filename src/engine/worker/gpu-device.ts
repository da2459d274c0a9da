// WebGPU device loss: the GPU was reset, the driver crashed, or the tab lost its device.
// TF.js does not surface it, so the engine watches the backend's GPUDevice itself.
import * as tf from '@tensorflow/tfjs-core';

interface DeviceLike {
  lost: Promise<{ reason?: string; message?: string }>;
  destroy(): void;
}

function currentDevice(): DeviceLike | undefined {
  if (tf.getBackend() !== 'webgpu') return undefined;
  const backend = tf.backend() as unknown as { device?: DeviceLike };
  return backend.device;
}

/** Calls `onLost` once if the current WebGPU device is lost (no-op on other backends). */
export function watchDeviceLoss(onLost: (message: string) => void): void {
  const device = currentDevice();
  if (!device) return;
  void device.lost.then((info) => {
    onLost(`The GPU device was lost${info.reason ? ` (${info.reason})` : ''}${info.message ? `: ${info.message}` : ''}.`);
  });
}

/** Fault tests: destroys the device, which resolves `lost` exactly as a real loss does. */
export function destroyDevice(): boolean {
  const device = currentDevice();
  device?.destroy();
  return Boolean(device);
}
