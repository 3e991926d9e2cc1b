/**
 * Helm's output read as Kubernetes reads it (tools/verify-charts/helm-output.ts), on documents built here: quoted
 * scalars whose continuation lines are indented like their key (as in Flagger 1.44's crds/crd.yaml) are read as
 * go-yaml reads them; what go-yaml refuses too stays unparsed.
 */
import { parse } from 'yaml';
import { indentQuotedContinuations, readHelmOutput } from '../../tools/verify-charts';

/**
 * A CRD-like document whose descriptions continue on lines indented `continuation` spaces: 6 is their key's
 * indentation (not YAML 1.2, read by Kubernetes), 8 is past it (YAML 1.2).
 */
function crd(continuation: number): string {
  const more = ' '.repeat(continuation);
  return [
    '---',
    '# Source: widgets/crds/crd.yaml',
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'spec:',
    '  properties:',
    '    apiVersion:',
    "      description: 'APIVersion of the widget, wrapped by a generator",
    `${more}onto lines indented like the key: it''s read by Kubernetes.`,
    '',
    `${more}A second paragraph.'`,
    '      type: string',
    '    kind:',
    '      description: "Kind of the widget \\"in CamelCase\\",',
    `${more}continued \\`,
    `${more}without a space."`,
    '      type: string',
    '',
  ].join('\n');
}

describe('readHelmOutput', () => {
  it('reads quoted scalars continued on lines indented like their key, as go-yaml does (folded, escapes kept)', () => {
    const result = readHelmOutput(crd(6));
    expect(result.unparsed).toEqual([]);
    expect(result.objects).toEqual([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        spec: {
          properties: {
            apiVersion: { description: "APIVersion of the widget, wrapped by a generator onto lines indented like the key: it's read by Kubernetes.\nA second paragraph.", type: 'string' },
            kind: { description: 'Kind of the widget "in CamelCase", continued without a space.', type: 'string' },
          },
        },
      },
    ]);
  });

  it('reads the same values as a YAML 1.2 parser reads the document indented past the key', () => {
    expect(readHelmOutput(crd(6)).objects).toEqual([parse(crd(8))]);
  });

  it('leaves valid documents as they are and names the source of each document it cannot read', () => {
    const text = ['---', '# Source: app/templates/a.yaml', 'kind: A', '---', '# Source: app/templates/b.yaml', 'kind: B', '---', 'kind: C', "note: 'never closed", ''].join('\n');
    const result = readHelmOutput(text);
    expect(result.objects).toEqual([{ kind: 'A' }, { kind: 'B' }]);
    expect(result.unparsed).toEqual([{ source: 'app/templates/b.yaml', document: 2, line: 3, message: "Missing closing 'quote" }]);
  });
});

describe('indentQuotedContinuations', () => {
  it('indents the continuation lines of the first cut quoted scalar one column past its key', () => {
    expect(indentQuotedContinuations("a:\n  b: 'one\n  two'\n")).toBe("a:\n  b: 'one\n   two'\n");
  });

  it('returns undefined when nothing is cut, the scalar is never closed, or a line starts with a document marker', () => {
    expect(indentQuotedContinuations("a: 'one\n  two'\n")).toBeUndefined();
    expect(indentQuotedContinuations("a:\n  b: 'one\n  two\n")).toBeUndefined();
    expect(indentQuotedContinuations("a:\n  b: 'one\n...\n  two'\n")).toBeUndefined();
  });
});
