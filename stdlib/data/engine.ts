/**
 * Parquet files and SQL sources, read by DuckDB (`@duckdb/node-api`, loaded
 * only when such a source is used). DuckDB runs the query, so filters, joins
 * and samples happen before rows reach JavaScript; its result is copied
 * chunk by chunk into the same typed columns the CSV reader makes.
 */
import { NeedlabError } from "../errors";
import { Column, NumberBuilder, shown, TextBuilder } from "./columns";

/** DuckDB type ids read as numbers (integers, floats, decimals); everything else is text. */
const NUMERIC_TYPES = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 16, 19, 32]);

export interface EngineTable {
  columns: string[];
  data: Column[];
  rows: number;
}

/** Runs `sql` with relative file names resolved against `baseDir`; `place` names the source in messages. */
export async function queryColumns(sql: string, baseDir: string, place: string): Promise<EngineTable> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  let duckdb: typeof import("@duckdb/node-api");
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    duckdb = require("@duckdb/node-api");
  } catch (e) {
    throw new NeedlabError(
      `${place} needs DuckDB (the @duckdb/node-api package), which did not load on this machine (${shown((e as Error).message)}): reinstall with \`npm ci\`, or convert the data to CSV.`,
    );
  }
  const instance = await duckdb.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    await connection.run(`SET file_search_path = '${baseDir.replace(/'/g, "''")}'`);
    let result: import("@duckdb/node-api").DuckDBResult;
    try {
      result = await connection.stream(sql);
    } catch (e) {
      const first = String((e as Error).message).split("\n")[0];
      throw new NeedlabError(
        `${place} failed in DuckDB: ${first.length > 300 ? `${first.slice(0, 300)}…` : first} Fix the query or the file it reads.`,
      );
    }
    const columns = result.columnNames();
    const numeric = result.columnTypes().map((t) => NUMERIC_TYPES.has(t.typeId));
    const builders = numeric.map((isNumber) => (isNumber ? new NumberBuilder() : new TextBuilder()));
    let rows = 0;
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let j = 0; j < columns.length; j++) {
        const vector = chunk.getColumnVector(j);
        const b = builders[j];
        for (let i = 0; i < chunk.rowCount; i++) {
          const v = vector.getItem(i);
          if (b instanceof NumberBuilder) b.push(v === null ? NaN : Number(typeof v === "object" ? String(v) : v));
          else (b as TextBuilder).push(v === null ? null : String(v));
        }
      }
      rows += chunk.rowCount;
    }
    return { columns, data: builders.map((b) => b.finish()), rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The query that reads a whole Parquet file. */
export const parquetQuery = (file: string): string => `SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`;
