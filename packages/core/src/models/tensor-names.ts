/** Tensor-name normalisation shared by the safetensors and GGUF readers: indices become `N`. @module */

export function normaliseTensorName(name: string): string {
  return name.slice(0, 200).replace(/\.\d+(?=\.|$)/g, '.N');
}
