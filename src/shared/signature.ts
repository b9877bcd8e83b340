/**
 * @module shared/signature
 * A model's input/output signature in Open Inference Protocol v2 terms: tensor names,
 * datatypes and shapes (-1 for a dynamic dimension), with optional value ranges. Used by
 * the registry (declared per version), the model runtime, the schema inspector and the
 * gateway.
 */
import { z } from 'zod';

/** OIP v2 tensor datatypes that bulwark understands. */
export const TENSOR_DATATYPES = ['BOOL', 'UINT8', 'INT32', 'INT64', 'FP32', 'FP64', 'BYTES'] as const;
export type TensorDatatype = (typeof TENSOR_DATATYPES)[number];

export const tensorSpecSchema = z
  .object({
    name: z.string().min(1),
    datatype: z.enum(TENSOR_DATATYPES),
    shape: z.array(z.number().int().min(-1)).describe('-1 marks a dynamic dimension (usually the batch)'),
    range: z.tuple([z.number(), z.number()]).optional().describe('inclusive [min, max] of every element'),
  })
  .strict();

export const modelSignatureSchema = z
  .object({
    inputs: z.array(tensorSpecSchema).min(1),
    outputs: z.array(tensorSpecSchema).min(1),
  })
  .strict();

export type TensorSpec = z.infer<typeof tensorSpecSchema>;
export type ModelSignature = z.infer<typeof modelSignatureSchema>;
