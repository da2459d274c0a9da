// The checks a Toronto CIFAR tarball's members must pass, in one place for both readers: the
// in-memory parser (formats/cifar-binary.ts, for Node and small files) and the streaming import
// (import/archive-sink.ts, which cuts records into cache chunks). Which member is which, a
// member of the other CIFAR, duplicates, record sizes, the class-name lists (size limit and
// count) and the members missing at the end; every error is a FormatError naming the file.
import type { MemberRole, MemberSpec } from './cifar-layout';
import { findMember, otherCifarArchiveError, otherCifarMember, parseNameList, type CifarLayout } from './cifar-layout';
import { FormatError } from './errors';
import type { TarEntry, TarSink } from './tar';

const MAX_NAMES_BYTES = 1 << 16; // the real name lists are under 1 KiB

export interface CifarMembers {
  /**
   * The spec of a tar entry, or undefined for one to skip (readme.html, directories); throws for
   * a member of the other CIFAR and for a member seen twice.
   */
  member(entry: TarEntry): MemberSpec | undefined;
  /** Records in a train or test member, from its size; throws when the size is no whole number of records. */
  recordCount(entry: TarEntry): number;
  /** Collects a class-name list (at most 64 KiB) for `finish`. */
  names(entry: TarEntry, role: MemberRole): TarSink;
  /** After the archive was read: throws for missing members, returns the class names. */
  finish(entries: TarEntry[]): { classNames: string[]; coarseClassNames?: string[] };
}

export function cifarMembers(layout: CifarLayout, fileName: string): CifarMembers {
  const seen = new Set<string>();
  const texts = new Map<MemberRole, Uint8Array>();

  function readNames(role: MemberRole, expected: number): string[] {
    const member = `${layout.dir}/${layout.members.find((m) => m.role === role)?.file ?? role}`;
    const list = parseNameList(new TextDecoder('utf-8').decode(texts.get(role) ?? new Uint8Array(0)));
    if (list.length !== expected) throw new FormatError(fileName, 'class-names', `${member} lists ${list.length} class names, expected ${expected}`);
    return list;
  }

  return {
    member(entry) {
      if (entry.type !== 'file') return undefined;
      const spec = findMember(layout, entry.name);
      if (!spec) {
        const other = otherCifarMember(layout, entry.name);
        if (other) throw otherCifarArchiveError(fileName, layout, other, entry.name);
        return undefined; // readme.html and anything else
      }
      if (seen.has(spec.file)) throw new FormatError(fileName, 'duplicate-member', `the archive holds ${layout.dir}/${spec.file} twice`);
      seen.add(spec.file);
      return spec;
    },

    recordCount(entry) {
      if (entry.size > 0 && entry.size % layout.recordBytes === 0) return entry.size / layout.recordBytes;
      const detail =
        entry.size === 0
          ? `${entry.name} is empty`
          : `${entry.name} is ${entry.size} bytes, not a multiple of the ${layout.recordBytes}-byte record ` +
            `(${Math.floor(entry.size / layout.recordBytes)} records and ${entry.size % layout.recordBytes} bytes left over): ` +
            'record of the wrong size — is this the right CIFAR version?';
      throw new FormatError(fileName, 'record-size', detail);
    },

    names(entry, role) {
      if (entry.size > MAX_NAMES_BYTES) {
        throw new FormatError(fileName, 'class-names', `${entry.name} is ${entry.size} bytes, too large for a list of class names`);
      }
      const bytes = new Uint8Array(entry.size);
      let fill = 0;
      return {
        data(chunk) {
          bytes.set(chunk, fill);
          fill += chunk.length;
        },
        end: () => texts.set(role, bytes),
      };
    },

    finish(entries) {
      const missing = layout.members.filter((m) => !seen.has(m.file)).map((m) => `${layout.dir}/${m.file}`);
      if (missing.length > 0) {
        const files = entries.filter((e) => e.type === 'file').map((e) => e.name);
        const shown = files.slice(0, 8).join(', ') + (files.length > 8 ? `, … (${files.length} files)` : '');
        throw new FormatError(
          fileName,
          'missing-members',
          `not a complete ${layout.name} binary archive: missing ${missing.join(', ')}; the archive holds ${shown || 'no files'}`,
        );
      }
      const classNames = readNames('names', layout.numClasses);
      const coarseClassNames = layout.numCoarse > 0 ? readNames('coarse-names', layout.numCoarse) : undefined;
      return { classNames, coarseClassNames };
    },
  };
}
