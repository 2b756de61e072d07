// Type declarations for the parts of @lhncbc/ucum-lhc (CommonJS, ships no types) that units.ts uses.

declare module '@lhncbc/ucum-lhc' {
  export interface UcumValidation {
    status: 'valid' | 'invalid' | 'error'
    /** The library may put a *different* (suggested) code here while status is 'invalid'. */
    ucumCode: string | null
    msg: string[]
  }

  export interface UcumConversion {
    status: 'succeeded' | 'failed' | 'error'
    toVal: number | null
    msg: string[]
  }

  export interface UcumConversionOptions {
    suggest?: boolean
    /** g/mol; needed between mass and substance units. */
    molecularWeight?: number
    /** Absolute charge; needed between equivalents and moles/mass. */
    charge?: number
  }

  export interface UcumUtils {
    validateUnitString(unit: string, suggest?: boolean, valConv?: 'validate' | 'convert'): UcumValidation
    convertUnitTo(from: string, value: number, to: string, options?: UcumConversionOptions): UcumConversion
  }

  export const UcumLhcUtils: { getInstance(): UcumUtils }
}
