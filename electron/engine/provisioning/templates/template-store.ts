/**
 * Configuration templates as folders of files: shipped ones in `resources/templates/<id>/`, and the
 * user's in `<data>/templates/<id>/` (a user folder with the same id overrides the shipped one).
 * Each folder holds `template.json` (template-manifest.ts) and the source files it names.
 * Folders are re-read when they change (checked at most once a second), so an edit in a text editor
 * applies to the next request without a restart.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PhoneVendor } from '../../../../shared/dto';
import { manifestSchema, type TemplateManifest } from './template-manifest';
import { parseTemplate, TemplateSyntaxError, type TemplateNodes } from './template-syntax';

/** A loaded template. */
export interface LoadedTemplate {
  manifest: TemplateManifest;
  origin: 'shipped' | 'user';
  dir: string;
  /** Parsed sources by source file name. */
  sources: Map<string, TemplateNodes>;
}

/** A folder that could not be loaded, and why. */
export interface TemplateLoadError {
  id: string;
  origin: 'shipped' | 'user';
  dir: string;
  error: string;
}

/** Thrown by {@link TemplateStore.copy} for a bad id or an existing target. */
export class TemplateCopyError extends Error {
  readonly code = 'TEMPLATE_COPY';
}

const RESCAN_MS = 1000;

/** Loads and caches templates. */
export class TemplateStore {
  private templates = new Map<string, LoadedTemplate>();
  private errors: TemplateLoadError[] = [];
  private signature = '';
  private scannedAt = 0;
  /** Told synchronously whenever what it holds changes (its folders were re-read): the HTTP front's "not found" answers are voided (answer-revision.ts). */
  onChange: (() => void) | undefined;

  /**
   * @param shippedDir `resources/templates`
   * @param userDir `<data>/templates` (optional; created on the first copy)
   */
  constructor(
    readonly shippedDir: string,
    readonly userDir?: string,
  ) {
    this.refresh(true);
  }

  /** A template by id (user copy first), or undefined. */
  get(id: string): LoadedTemplate | undefined {
    this.refresh();
    return this.templates.get(id);
  }

  /** All loaded templates, sorted by vendor then id. */
  all(): LoadedTemplate[] {
    this.refresh();
    return [...this.templates.values()].sort((a, b) => a.manifest.vendor.localeCompare(b.manifest.vendor) || a.manifest.id.localeCompare(b.manifest.id));
  }

  /** Folders that failed to load, with the reason (shown next to the template list). */
  loadErrors(): TemplateLoadError[] {
    this.refresh();
    return this.errors;
  }

  /** The first template of a vendor (by id), used when no default is chosen. */
  firstOf(vendor: PhoneVendor): LoadedTemplate | undefined {
    return this.all().find((t) => t.manifest.vendor === vendor);
  }

  /**
   * Copy a template folder into the user folder so it can be edited there.
   * @param id template to copy
   * @param newId id of the copy; the same id makes the copy override the shipped template
   * @returns the folder of the copy
   * @throws TemplateCopyError when there is no user folder, the template is unknown, or the target exists
   */
  copy(id: string, newId = id): string {
    if (!this.userDir) throw new TemplateCopyError('no user templates folder is configured');
    const src = this.get(id);
    if (!src) throw new TemplateCopyError(`no template "${id}"`);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(newId)) throw new TemplateCopyError(`"${newId}" is not a template id (lowercase letters, digits and -)`);
    const target = join(this.userDir, newId);
    if (existsSync(target)) throw new TemplateCopyError(`${target} already exists: edit it there, or choose another id`);
    mkdirSync(this.userDir, { recursive: true });
    cpSync(src.dir, target, { recursive: true });
    if (newId !== src.manifest.id) {
      const manifestPath = join(target, 'template.json');
      const json = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, unknown>;
      json.id = newId;
      json.name = `${String(json.name)} (copy)`;
      writeFileSync(manifestPath, `${JSON.stringify(json, null, 2)}\n`);
    }
    this.refresh(true);
    return target;
  }

  /** Re-read the folders if anything changed (or `force`). */
  refresh(force = false): void {
    const now = Date.now();
    if (!force && now - this.scannedAt < RESCAN_MS) return;
    this.scannedAt = now;
    const dirs: Array<{ dir: string; origin: 'shipped' | 'user' }> = [
      ...listDirs(this.shippedDir).map((dir) => ({ dir, origin: 'shipped' as const })),
      ...(this.userDir ? listDirs(this.userDir).map((dir) => ({ dir, origin: 'user' as const })) : []),
    ];
    const sig = dirs.map((d) => `${d.dir}:${folderStamp(d.dir)}`).join('|');
    if (!force && sig === this.signature) return;
    this.signature = sig;
    const templates = new Map<string, LoadedTemplate>();
    const errors: TemplateLoadError[] = [];
    for (const { dir, origin } of dirs) {
      try {
        const t = loadFolder(dir, origin);
        templates.set(t.manifest.id, t);
      } catch (err) {
        errors.push({ id: dir.split(/[\\/]/).pop()!, origin, dir, error: (err as Error).message });
      }
    }
    this.templates = templates;
    this.errors = errors;
    this.onChange?.();
  }
}

function listDirs(parent: string): string[] {
  try {
    return readdirSync(parent, { withFileTypes: true })
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => join(parent, e.name))
      .sort();
  } catch {
    return [];
  }
}

function folderStamp(dir: string): string {
  try {
    return readdirSync(dir)
      .map((n) => `${n}@${statSync(join(dir, n)).mtimeMs}`)
      .join(',');
  } catch {
    return 'gone';
  }
}

/**
 * Load one template folder.
 * @throws Error naming the file and the problem (invalid JSON, a manifest field, a template syntax error)
 */
function loadFolder(dir: string, origin: 'shipped' | 'user'): LoadedTemplate {
  const manifestPath = join(dir, 'template.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    throw new Error(`${manifestPath}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${manifestPath}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  const sources = new Map<string, TemplateNodes>();
  for (const f of parsed.data.files) {
    if (sources.has(f.source)) continue;
    const path = join(dir, f.source);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (named in template.json)' : (err as Error).message}`, { cause: err });
    }
    try {
      sources.set(f.source, parseTemplate(text, path));
    } catch (err) {
      throw err instanceof TemplateSyntaxError ? new Error(err.message) : err;
    }
  }
  return { manifest: parsed.data, origin, dir, sources };
}
