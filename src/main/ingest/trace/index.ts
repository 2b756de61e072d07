// Public surface of the device-trace reader (monitor captures of ASTM and HL7 traffic with textual control markers).
export { parseTraceFile, traceParser } from './parseTrace'
export { rebuildTrace, sniffTrace } from './rebuild'
export { decodeCaret, decodeMarkers, stripPrefix } from './markers'
