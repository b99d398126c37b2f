/**
 * The data model of Low IR: values, operands, actions, labels, functions and
 * modules, plus calling-convention locations. Everything else in the package
 * (builder, text format, verifier, interpreter, JSON form) speaks these types.
 *
 * Low IR is untyped: a value is a bit pattern whose width is fixed by the
 * action (or parameter declaration) that defines it. Values are SSA, each with a
 * declared use count that `clone` can raise; every use consumes one.
 */

/** Where a value must be at a label, a function entry or a return: a CC location. */
export type Location =
  /** Generic: anywhere the allocator likes. */
  | { readonly kind: 'any' }
  /** Generic: any register of a class named by the machine definition. */
  | { readonly kind: 'class'; readonly name: string }
  /** Concrete: this register of the machine definition. */
  | { readonly kind: 'reg'; readonly name: string }
  /** Concrete: the stack slot at this byte offset from the CC's stack base. */
  | { readonly kind: 'stack'; readonly offset: number };

/** A position in a `.lir` source file (1-based). */
export interface SourcePos {
  readonly line: number;
  readonly column: number;
}

/**
 * The definition of one SSA value: its per-function id, optional name (for the
 * text form), bit width, declared use count and, for parameters of labels and
 * functions, the CC location.
 */
export interface ValueDef {
  readonly id: number;
  readonly name?: string;
  readonly width: number;
  readonly uses: number;
  readonly loc?: Location;
}

/** A reference to a label of the current function, by per-function id. */
export interface LabelRef {
  readonly id: number;
  readonly name?: string;
}

/** One input of an action. */
export type Operand =
  /** A use of an SSA value (consumes one declared use). */
  | { readonly kind: 'value'; readonly id: number }
  /** An immediate: an integer with no width of its own. */
  | { readonly kind: 'imm'; readonly value: bigint }
  /** A label: an immediate whose value (an address) is known late. */
  | { readonly kind: 'label'; readonly label: LabelRef }
  /** A function of the module (or an extern), by name. */
  | { readonly kind: 'func'; readonly name: string }
  /** A symbolic constant such as a trap kind. */
  | { readonly kind: 'sym'; readonly name: string };

/**
 * One action: `%r = add.32 %a, %b`. `widths` holds the width suffixes in order
 * (`load_s.32.8` has [32, 8]). Ordinary actions have at most one result; calls
 * have as many as the callee returns.
 */
export interface Action {
  readonly opcode: string;
  readonly widths: readonly number[];
  readonly results: readonly ValueDef[];
  readonly operands: readonly Operand[];
  readonly pos?: SourcePos;
}

/** A label definition with its parameters (the values live on entry) and CC stack depth. */
export interface LabelDef {
  readonly label: LabelRef;
  readonly params: readonly ValueDef[];
  readonly stackDepth?: number;
  readonly pos?: SourcePos;
}

/** A result slot of a function signature: width and CC location. */
export interface ResultSlot {
  readonly width: number;
  readonly loc?: Location;
}

/** The header of a function: name, parameters (entry CC) and results (return CC). */
export interface FunctionHeader {
  readonly name: string;
  readonly params: readonly ValueDef[];
  readonly results: readonly ResultSlot[];
  readonly stackDepth?: number;
  readonly pos?: SourcePos;
}

/** A function implemented outside the module (a host function); calls to it are allowed. */
export interface ExternDecl {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly pos?: SourcePos;
}

/** Initial bytes of the interpreter's linear memory. */
export interface DataSegment {
  readonly offset: number;
  readonly bytes: Uint8Array;
  readonly pos?: SourcePos;
}

/** Module-level facts that precede the functions in a stream. */
export interface ModuleHeader {
  /** Width of addresses (loads, stores, function addresses): 32 or 64. */
  readonly pointerWidth: 32 | 64;
  /** Size in bytes of the linear memory the interpreter gives the module, if any. */
  readonly memorySize?: number;
  readonly data: readonly DataSegment[];
  readonly externs: readonly ExternDecl[];
}

/** One item of a function body, in order. */
export type BodyItem =
  | { readonly kind: 'action'; readonly action: Action }
  | { readonly kind: 'label'; readonly label: LabelDef };

/** A whole function held in memory (the collector builds these from a stream). */
export interface FunctionDef extends FunctionHeader {
  readonly body: readonly BodyItem[];
}

/** A whole module held in memory. */
export interface Module {
  readonly header: ModuleHeader;
  readonly functions: readonly FunctionDef[];
}

/** The default module header: 64-bit pointers, no memory, no data, no externs. */
export const DEFAULT_MODULE_HEADER: ModuleHeader = {
  pointerWidth: 64,
  data: [],
  externs: [],
};
