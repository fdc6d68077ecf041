// Takes an ONNX graph apart at one of its inputs: the nodes that depend on that input (and everything
// downstream of them) form the head, the rest the trunk. Parsed and re-serialised with protobuf-es
// and the ONNX schema compiled from onnx.proto (`onnx-buf`); nothing here encodes protobuf by hand.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  GraphProtoSchema, ModelProtoSchema, TensorShapeProto_DimensionSchema, TypeProtoSchema, ValueInfoProtoSchema,
  type GraphProto, type ModelProto, type NodeProto, type ValueInfoProto,
} from 'onnx-buf';

/** A tensor crossing from the trunk to the head: its name, ONNX element type and shape (numbers or symbolic names). */
export interface CrossingTensor {
  name: string;
  elemType: number;
  shape: readonly (number | string)[];
}

/** A graph split at `splitInput`: the trunk's serialized model and a builder for the head. */
export interface GraphSplit {
  /** Model bytes: the graph inputs other than `splitInput` → the crossing tensors (untyped outputs: onnxruntime infers them). */
  trunk: Uint8Array;
  /** Names of the tensors the trunk computes and the head consumes, in the trunk's output order. */
  crossing: string[];
  /** Inputs of the original graph that the trunk takes (everything but `splitInput`). */
  trunkInputs: string[];
  /**
   * Trunk inputs the head takes too, only to read their shape (the head recomputes shape arithmetic,
   * which may hold the batch size): feed them zeros of the head batch's shape.
   */
  shapeInputs: string[];
  /** Model bytes of the head: `splitInput` + the crossing tensors (typed as given) → the original outputs. */
  head(crossing: readonly CrossingTensor[]): Uint8Array;
  /** Node counts, for the debug log. */
  nodes: { trunk: number; head: number; total: number };
}

/** Why a graph could not be split; the caller falls back to running the whole model. */
export class GraphSplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphSplitError';
  }
}

/** onnxruntime-node's tensor type names → ONNX `TensorProto.DataType` numbers (onnx.proto). */
export const ONNX_ELEMENT_TYPES: Readonly<Record<string, number>> = {
  float32: 1, uint8: 2, int8: 3, uint16: 4, int16: 5, int32: 6, int64: 7, string: 8, bool: 9, float16: 10, float64: 11, uint32: 12, uint64: 13,
};

/** Operators whose output depends only on their input's shape. */
const SHAPE_OPS = new Set(['Shape', 'Size']);

function isDefaultDomain(node: NodeProto): boolean {
  return node.domain === '' || node.domain === 'ai.onnx';
}

/**
 * The names a node reads: its inputs, plus the outer-scope names its subgraphs (If/Loop/Scan bodies)
 * capture — a name used inside a subgraph that the subgraph neither defines nor takes as input.
 */
function nodeReads(node: NodeProto): string[] {
  const names = node.input.filter((n) => n !== '');
  for (const attr of node.attribute) {
    for (const g of attr.g ? [attr.g, ...attr.graphs] : attr.graphs) names.push(...capturedNames(g));
  }
  return names;
}

function capturedNames(graph: GraphProto): string[] {
  const defined = new Set<string>([...graph.input.map((v) => v.name), ...graph.initializer.map((t) => t.name)]);
  const captured: string[] = [];
  for (const node of graph.node) {
    for (const name of nodeReads(node)) if (!defined.has(name)) captured.push(name);
    for (const o of node.output) defined.add(o);
  }
  return captured;
}

/**
 * Splits `bytes` (an ONNX model) at the graph input `splitInput`.
 *
 * Head = every node that reads `splitInput` or a tensor computed from it; trunk = every other node
 * that the head needs. Nodes that depend on no graph input at all (constants, shape arithmetic on
 * initializers) go to whichever side reads them, both if both do. The trunk's outputs — and the
 * head's extra inputs — are the tensors computed from the other inputs that head nodes read. Throws
 * `GraphSplitError` with the reason when the graph has no such clean cut.
 */
export function splitGraphAtInput(bytes: Uint8Array, splitInput: string): GraphSplit {
  let model: ModelProto;
  try {
    model = fromBinary(ModelProtoSchema, bytes);
  } catch (err) {
    throw new GraphSplitError(`the model could not be parsed as ONNX: ${(err as Error).message}`);
  }
  const graph = model.graph;
  if (!graph) throw new GraphSplitError('the model has no graph');
  const initializers = new Set(graph.initializer.map((t) => t.name));
  const graphInputs = graph.input.map((v) => v.name).filter((n) => !initializers.has(n));
  if (!graphInputs.includes(splitInput)) throw new GraphSplitError(`the graph has no input '${splitInput}' (inputs: ${graphInputs.join(', ')})`);
  const trunkInputs = graphInputs.filter((n) => n !== splitInput);
  if (trunkInputs.length === 0) throw new GraphSplitError(`'${splitInput}' is the graph's only input: there is no trunk`);

  // which graph inputs each tensor depends on: bit 1 = another input (trunk side), bit 2 = splitInput
  const TRUNK = 1;
  const HEAD = 2;
  const depends = new Map<string, number>();
  for (const n of trunkInputs) depends.set(n, TRUNK);
  depends.set(splitInput, HEAD);
  const producer = new Map<string, number>();
  const nodeDepends: number[] = [];
  graph.node.forEach((node, i) => {
    let d = 0;
    for (const name of nodeReads(node)) d |= depends.get(name) ?? 0;
    nodeDepends.push(d);
    for (const o of node.output) {
      if (o === '') continue;
      depends.set(o, d);
      producer.set(o, i);
    }
  });
  for (const out of graph.output) {
    if (!depends.has(out.name)) throw new GraphSplitError(`graph output '${out.name}' is not produced by any node`);
    if (((depends.get(out.name) ?? 0) & HEAD) === 0) throw new GraphSplitError(`graph output '${out.name}' does not depend on '${splitInput}'`);
  }

  // crossing tensors: computed on the trunk side only, read by a head node
  const reads: string[] = [];
  graph.node.forEach((node, i) => {
    if ((nodeDepends[i] & HEAD) === 0) return;
    for (const name of nodeReads(node)) {
      if (depends.get(name) !== TRUNK || reads.includes(name)) continue;
      if (trunkInputs.includes(name)) throw new GraphSplitError(`head node '${node.name || node.opType}' reads the graph input '${name}' directly`);
      reads.push(name);
    }
  });

  // Shape arithmetic (Shape/Size of a tensor, then integer ops on the result) is recomputed in the
  // head rather than passed across: it may hold the batch size, which differs between a trunk run
  // (chunks) and a head run (pairs). It must bottom out in the shape of a trunk input (the head then
  // takes that input, fed with zeros of the right shape: only its shape is read) or of a tensor that
  // crosses anyway.
  const shapeDerived = new Map<string, boolean>();
  const isShapeDerived = (name: string): boolean => {
    const known = shapeDerived.get(name);
    if (known !== undefined) return known;
    const p = producer.get(name);
    let derived: boolean;
    if ((depends.get(name) ?? 0) === 0) derived = true; // an initializer or a constant
    else if (p === undefined) derived = false; // a graph input
    else if (SHAPE_OPS.has(graph.node[p].opType) && isDefaultDomain(graph.node[p])) derived = true;
    else if (graph.node[p].attribute.some((a) => a.g || a.graphs.length > 0)) derived = false;
    else derived = nodeReads(graph.node[p]).every(isShapeDerived);
    shapeDerived.set(name, derived);
    return derived;
  };
  const crossing = reads.filter((name) => !isShapeDerived(name));
  const shapeOf = new Set<string>(); // tensors whose shape the head's copies of Shape/Size read
  const recomputable = (name: string, seen = new Set<string>()): boolean => {
    if (seen.has(name)) return true;
    seen.add(name);
    const p = producer.get(name);
    if (p === undefined || (depends.get(name) ?? 0) === 0) return true;
    const node = graph.node[p];
    if (SHAPE_OPS.has(node.opType)) {
      const x = node.input[0];
      if (!trunkInputs.includes(x) && !crossing.includes(x)) return false;
      shapeOf.add(x);
      return true;
    }
    return nodeReads(node).every((n) => recomputable(n, seen));
  };
  for (const name of reads) {
    if (crossing.includes(name)) continue;
    if (!recomputable(name)) crossing.push(name); // passed across; the caller checks it does not depend on the batch
  }
  if (crossing.length === 0) throw new GraphSplitError(`no tensor crosses from the trunk to the head: the output does not use ${trunkInputs.join(', ')}`);
  const shapeInputs = trunkInputs.filter((n) => shapeOf.has(n));

  // the nodes each side needs: walk back from its roots, not past the side's own inputs
  const collect = (roots: number[], stopAt: ReadonlySet<string>): number[] => {
    const keep = new Set<number>();
    const stack = [...roots];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      if (keep.has(i)) continue;
      keep.add(i);
      for (const name of nodeReads(graph.node[i])) {
        const p = producer.get(name);
        if (p !== undefined && !stopAt.has(name)) stack.push(p);
      }
    }
    return [...keep].sort((a, b) => a - b); // the original (topological) order
  };
  const headRoots = nodeDepends.flatMap((d, i) => ((d & HEAD) !== 0 ? [i] : []));
  const headNodes = collect(headRoots, new Set([...crossing, ...shapeOf]));
  for (const i of headNodes) {
    const node = graph.node[i];
    if (nodeDepends[i] === TRUNK && !(SHAPE_OPS.has(node.opType) || isShapeDerived(node.output[0]))) {
      throw new GraphSplitError(`internal: the head would recompute the trunk node '${node.name || node.opType}'`);
    }
  }
  const trunkNodes = collect(crossing.map((n) => producer.get(n) as number), new Set());

  const subModel = (nodes: number[], inputs: ValueInfoProto[], outputs: ValueInfoProto[]): Uint8Array => {
    const kept = nodes.map((i) => graph.node[i]);
    const read = new Set<string>();
    const written = new Set<string>();
    for (const node of kept) {
      for (const n of nodeReads(node)) read.add(n);
      for (const o of node.output) written.add(o);
    }
    const sub = create(GraphProtoSchema, {
      name: graph.name,
      docString: graph.docString,
      node: kept,
      initializer: graph.initializer.filter((t) => read.has(t.name)),
      sparseInitializer: graph.sparseInitializer.filter((t) => read.has(t.values?.name ?? '')),
      input: inputs,
      output: outputs,
      valueInfo: graph.valueInfo.filter((v) => written.has(v.name) && !outputs.some((o) => o.name === v.name)),
      metadataProps: graph.metadataProps,
    });
    const m = create(ModelProtoSchema, {
      irVersion: model.irVersion,
      opsetImport: model.opsetImport,
      producerName: model.producerName,
      producerVersion: model.producerVersion,
      domain: model.domain,
      modelVersion: model.modelVersion,
      docString: model.docString,
      functions: model.functions,
      metadataProps: model.metadataProps,
      graph: sub,
    });
    return toBinary(ModelProtoSchema, m);
  };

  const inputInfo = (name: string) => graph.input.find((v) => v.name === name) as ValueInfoProto;
  const trunk = subModel(trunkNodes, trunkInputs.map(inputInfo), crossing.map((name) => create(ValueInfoProtoSchema, { name })));
  return {
    trunk,
    crossing,
    trunkInputs,
    shapeInputs,
    nodes: { trunk: trunkNodes.length, head: headNodes.length, total: graph.node.length },
    head(types: readonly CrossingTensor[]): Uint8Array {
      const typed = crossing.map((name) => {
        const t = types.find((x) => x.name === name);
        if (!t) throw new GraphSplitError(`no type given for the crossing tensor '${name}'`);
        const dim = t.shape.map((d) => create(TensorShapeProto_DimensionSchema, typeof d === 'number'
          ? { value: { case: 'dimValue', value: BigInt(d) } }
          : { value: { case: 'dimParam', value: d } }));
        const type = create(TypeProtoSchema, { value: { case: 'tensorType', value: { elemType: t.elemType, shape: { dim } } } });
        return create(ValueInfoProtoSchema, { name, type });
      });
      return subModel(headNodes, [inputInfo(splitInput), ...shapeInputs.map(inputInfo), ...typed], graph.output);
    },
  };
}
