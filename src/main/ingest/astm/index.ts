// Public surface of the ASTM E1394 / LIS2-A2 codec.
export { astmParser, parseAstmFile, sniffAstm } from './parseFile'
export { astmChecksum, deframeAstm, isFramedAstm } from './lowLevel'
export { astmMessageToReports } from './report'
