// Tests for LibreView CSV and Libre reader TXT exports in the account's language: localised headers, dates, decimal commas, patient lines.
import { describe, expect, it } from 'vitest'
import { bpCsvParser } from './bpCsv'
import { dexcomParser } from './dexcom'
import { libreViewParser } from './libreview'
import { bytesOf, fixture, parseFail, parseOk, sniffs } from './testFixtures'

interface Case {
  file: string
  unit: 'mg/dL' | 'mmol/L'
  /** [time, value, scan?] in time order, as worked out by hand from the fixture. */
  readings: [string, number, 'scan'?][]
  patient: { givenName?: string; familyName?: string }
  device?: { model: string; serial: string }
  dateNote: string
}

const CASES: Case[] = [
  {
    file: 'libreview-de.csv',
    unit: 'mg/dL',
    readings: [
      ['2024-03-13T08:00:00', 102],
      ['2024-03-13T08:15:00', 110],
      ['2024-03-13T08:20:00', 115, 'scan'],
      ['2024-03-13T08:30:00', 121],
    ],
    patient: { givenName: 'Hanna', familyName: 'Beispiel' },
    device: { model: 'FreeStyle LibreLink', serial: 'de000001-0000-4000-8000-000000000001' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 4 rows)',
  },
  {
    file: 'libreview-de-dotted.csv',
    unit: 'mmol/L',
    readings: [
      ['2024-03-13T08:00:00', 5.4],
      ['2024-03-13T08:05:00', 5.6],
      ['2024-03-13T08:10:00', 6.1],
    ],
    patient: { givenName: 'Hanna', familyName: 'Beispiel' },
    device: { model: 'FreeStyle Libre 3', serial: 'de000001-0000-4000-8000-000000000001' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 3 rows)',
  },
  {
    file: 'libreview-es.csv',
    unit: 'mmol/L',
    readings: [
      ['2024-03-18T23:45:00', 5.5],
      ['2024-03-19T00:00:00', 6.2],
      ['2024-03-19T00:07:00', 6.8, 'scan'],
      ['2024-03-19T00:15:00', 7],
    ],
    // The patient line under the title wins over "Generado por" (the clinic that made the export).
    patient: { givenName: 'Lucía', familyName: 'Ejemplar' },
    device: { model: 'FreeStyle Libre 2', serial: 'es000002-0000-4000-8000-000000000002' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 4 rows)',
  },
  {
    file: 'libreview-fr.csv',
    unit: 'mg/dL',
    readings: [
      ['2024-03-20T06:00:00', 88],
      ['2024-03-20T06:15:00', 95],
      ['2024-03-20T06:30:00', 104],
    ],
    patient: { givenName: 'Camille', familyName: 'Exemple' },
    device: { model: 'FreeStyle Libre 2', serial: 'fr000003-0000-4000-8000-000000000003' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 3 rows)',
  },
  {
    file: 'libreview-it.csv',
    unit: 'mg/dL',
    readings: [
      ['2024-03-21T12:00:00', 140],
      ['2024-03-21T12:15:00', 152],
      ['2024-03-21T12:20:00', 158, 'scan'],
      ['2024-03-21T12:30:00', 160],
    ],
    patient: { givenName: 'Giulia', familyName: 'Esempio' },
    device: { model: 'FreeStyle LibreLink', serial: 'it000004-0000-4000-8000-000000000004' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 4 rows)',
  },
  {
    file: 'libreview-nl.csv',
    unit: 'mmol/L',
    readings: [
      ['2024-03-15T22:00:00', 8.3],
      ['2024-03-15T22:05:00', 8.1],
      ['2024-03-15T22:10:00', 7.9],
    ],
    patient: { givenName: 'Sanne', familyName: 'Voorbeeld' },
    device: { model: 'FreeStyle Libre 3', serial: 'nl000005-0000-4000-8000-000000000005' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 3 rows)',
  },
  {
    file: 'libreview-pt.csv',
    unit: 'mg/dL',
    readings: [
      ['2024-03-24T07:00:00', 99],
      ['2024-03-24T07:10:00', 98, 'scan'],
      ['2024-03-24T07:15:00', 97],
    ],
    patient: { givenName: 'João', familyName: 'Exemplo' },
    device: { model: 'FreeStyle Libre 2', serial: 'pt000006-0000-4000-8000-000000000006' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 3 rows)',
  },
  {
    file: 'libreview-fi.csv',
    unit: 'mmol/L',
    readings: [
      ['2024-03-25T18:00:00', 6],
      ['2024-03-25T18:15:00', 6.4],
      ['2024-03-25T18:30:00', 6.9],
    ],
    patient: { givenName: 'Aino', familyName: 'Esimerkki' },
    device: { model: 'FreeStyle Libre 2', serial: 'fi000007-0000-4000-8000-000000000007' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 3 rows)',
  },
  {
    file: 'libreview-pl.csv',
    unit: 'mg/dL',
    readings: [
      ['2024-03-26T10:00:00', 130],
      ['2024-03-26T10:05:00', 128],
      ['2024-03-26T10:10:00', 126],
    ],
    patient: { givenName: 'Zofia', familyName: 'Przykład' },
    device: { model: 'FreeStyle Libre 3', serial: 'pl000008-0000-4000-8000-000000000008' },
    dateNote: 'Dates read as DD-MM-YYYY (day > 12 seen in 3 rows)',
  },
  {
    file: 'libre-reader-en.txt',
    unit: 'mg/dL',
    readings: [
      ['2024-03-10T06:00:00', 90],
      ['2024-03-10T06:15:00', 94],
      ['2024-03-10T06:20:00', 96, 'scan'],
      ['2024-03-10T06:30:00', 99],
    ],
    patient: { givenName: 'Pat', familyName: 'Reader' },
    dateNote: 'Timestamps are local device time without a UTC offset, kept as written.',
  },
  {
    file: 'libre-reader-es.txt',
    unit: 'mmol/L',
    readings: [
      ['2024-03-11T21:00:00', 7.2],
      ['2024-03-11T21:15:00', 7.5],
      ['2024-03-11T21:18:00', 7.6, 'scan'],
    ],
    patient: { givenName: 'Ana', familyName: 'Lectora' },
    dateNote: 'Timestamps are local device time without a UTC offset, kept as written.',
  },
]

describe.each(CASES)('$file', (c) => {
  const bytes = fixture(`cgm/${c.file}`)

  it('is recognised as LibreView, not as another table', () => {
    expect(sniffs(libreViewParser, bytes)).toBe(true)
    expect(sniffs(dexcomParser, bytes)).toBe(false)
    expect(sniffs(bpCsvParser, bytes)).toBe(false)
  })

  it('reads every reading with its time, value and unit', () => {
    const report = parseOk(libreViewParser, bytes)
    expect(report.kind).toBe('cgm')
    expect(report.sourceFormat).toBe('cgm-libreview')
    const code = c.unit === 'mg/dL' ? '99504-3' : '105272-9'
    expect(report.observations.map((o) => [o.observedAt, o.valueNum, ...(o.code.display?.endsWith('(scan)') ? ['scan'] : [])])).toEqual(c.readings)
    expect(report.observations.every((o) => o.unit === c.unit && o.code.code === code)).toBe(true)
    expect(report.parseLog[0]).toBe(c.dateNote)
  })

  it('takes the patient from the line above the header and the device from the rows', () => {
    const report = parseOk(libreViewParser, bytes)
    expect(report.patient).toEqual({ identifiers: [], ...c.patient })
    expect(report.device).toEqual({ manufacturer: 'Abbott', ...(c.device ?? {}) })
  })
})

describe('header spellings', () => {
  const rows = ['S1,13-03-2024 08:00,0,102,', 'S1,13-03-2024 08:15,0,110,']
  it.each([
    ['Seriennummer,Gerätezeitstempel,Aufzeichnungstyp,Glukosewert-Verlauf mg/dL,Glukose-Scan mg/dL'],
    ['Seriennummer,Uhrzeit,Aufzeichnungstyp,Glukose-Verlauf (mg/dL),Glukose-Scan (mg/dL)'],
    ['Número de serial,Sello de tiempo del dispositivo,Tipo de registro,Historial de glucosa mg/dL,Escaneo de glucosa mg/dL'],
    ['ID,Hora,Tipo de registro,Histórico glucosa (mg/dL),Glucosa leída (mg/dL)'],
    ["Numéro de série,Horodatage de l'appareil,Type d'enregistrement,Historique du glucose mg/dL,Glucose scanné mg/dL"],
    ['Numéro de série,Heure,Type enregistrement,Historique glycémie (mg/dL),Scan glycémie (mg/dL)'],
    ['Numero di serie,Timestamp del dispositivo,Tipo di registrazione,Storico del glucosio mg/dL,Scansione del glucosio mg/dL'],
    ['ID,Ora,Tipo registrazione,Storico glucosio (mg/dL),Scansione glucosio (mg/dL)'],
    ['Serienummer,Tijdstempel apparaat,Registratietype,Historische glucose mg/dL,Scan glucose mg/dL'],
    ['ID,Tijd,Soort registratie,Historische glucose (mg/dL),Gescande glucose (mg/dL)'],
    ['Número de série,Carimbo de data/hora do dispositivo,Tipo de registo,Histórico de glicose mg/dL,Leitura de glicose mg/dL'],
    ['ID,Hora,Tipo de registro,Glicose histórica (mg/dL),Glicose lida (mg/dL)'],
    ['Serienummer,Enhetens tidsstämpel,Posttyp,Historisk glukos mg/dL,Skannad glukos mg/dL'],
    ['Serienummer,Enhedens tidsstempel,Registreringstype,Historisk glukose mg/dL,Scannet glukose mg/dL'],
    ['Sériové číslo,Časové razítko zařízení,Typ záznamu,Historie glukózy mg/dL,Skenovaná glukóza mg/dL'],
  ])('%s', (header) => {
    const bytes = bytesOf([header, ...rows].join('\n') + '\n')
    expect(sniffs(libreViewParser, bytes)).toBe(true)
    const report = parseOk(libreViewParser, bytes)
    expect(report.observations.map((o) => [o.observedAt, o.valueNum, o.unit])).toEqual([
      ['2024-03-13T08:00:00', 102, 'mg/dL'],
      ['2024-03-13T08:15:00', 110, 'mg/dL'],
    ])
  })
})

describe('structure, not names, decides', () => {
  it('recognises a record-type column under an unknown name by its digits and the time stamps beside it', () => {
    const bytes = bytesOf('Serial,Stempel,Typ,Verlauf mg/dL\nS1,2024-03-13 08:00,0,102\nS1,2024-03-13 08:15,1,110\n')
    expect(sniffs(libreViewParser, bytes)).toBe(true)
  })

  it('leaves a lab table with a glucose unit but no record types alone', () => {
    expect(sniffs(libreViewParser, bytesOf('Date,Flag,Glucose (mg/dL)\n2024-03-13 08:00,H,202\n'))).toBe(false)
    expect(sniffs(libreViewParser, bytesOf('Date,Count,Glucose (mg/dL)\n2024-03-13 08:00,12,202\n'))).toBe(false)
  })

  it('names localised columns in errors', () => {
    const bytes = bytesOf('Gerät,Seriennummer,Gerätezeitstempel,Aufzeichnungstyp,Glukosewert-Verlauf mg/dL\nL,S1,13-03-2024 08:00,0,abc\n')
    expect(parseFail(libreViewParser, bytes).location).toEqual({ line: 2, segment: 'Glukosewert-Verlauf mg/dL', field: 5 })
  })
})
