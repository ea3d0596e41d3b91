// promql-check parses the Prometheus queries of Argo Rollouts AnalysisTemplates with Prometheus' own PromQL parser
// (github.com/prometheus/prometheus/promql/parser, the version istiod's module pins), so that a query with a syntax
// error is found before a rollout runs it. Argo Rollouts substitutes {{args.NAME}} before it sends a query: each
// is replaced by the argument's value when the template gives one, by "arg-NAME" otherwise (placeholders only stand
// inside label matchers' strings, where any text parses). Prints one line per query; exit status 1 when one does
// not parse, 2 on a usage or file error.
//
//	promql-check istio/rollouts/analysis-template.yaml ...
package main

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/prometheus/prometheus/promql/parser"
	"sigs.k8s.io/yaml"
)

type template struct {
	Kind     string `json:"kind"`
	Metadata struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Args []struct {
			Name  string  `json:"name"`
			Value *string `json:"value"`
		} `json:"args"`
		Metrics []struct {
			Name     string `json:"name"`
			Provider struct {
				Prometheus *struct {
					Query string `json:"query"`
				} `json:"prometheus"`
			} `json:"provider"`
		} `json:"metrics"`
	} `json:"spec"`
}

var argument = regexp.MustCompile(`\{\{\s*args\.([A-Za-z0-9_.-]+)\s*\}\}`)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: promql-check FILE.yaml...")
		os.Exit(2)
	}
	queries, failed := 0, false
	for _, file := range os.Args[1:] {
		content, err := os.ReadFile(file)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		for _, document := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(content), -1) {
			if strings.TrimSpace(document) == "" {
				continue
			}
			var t template
			if err := yaml.Unmarshal([]byte(document), &t); err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
				os.Exit(2)
			}
			if t.Kind != "AnalysisTemplate" && t.Kind != "ClusterAnalysisTemplate" {
				continue
			}
			values := map[string]string{}
			for _, arg := range t.Spec.Args {
				values[arg.Name] = "arg-" + arg.Name
				if arg.Value != nil {
					values[arg.Name] = *arg.Value
				}
			}
			for _, metric := range t.Spec.Metrics {
				if metric.Provider.Prometheus == nil {
					continue
				}
				queries++
				query := argument.ReplaceAllStringFunc(metric.Provider.Prometheus.Query, func(m string) string {
					name := argument.FindStringSubmatch(m)[1]
					if v, ok := values[name]; ok {
						return v
					}
					failed = true
					fmt.Printf("%s: %s/%s: unknown argument %s\n", file, t.Metadata.Name, metric.Name, name)
					return m
				})
				expr, err := parser.NewParser(parser.Options{}).ParseExpr(query)
				if err != nil {
					failed = true
					fmt.Printf("%s: %s/%s: %v\n", file, t.Metadata.Name, metric.Name, err)
					continue
				}
				var out bytes.Buffer
				out.WriteString(expr.String())
				fmt.Printf("%s: %s/%s: ok (%s): %s\n", file, t.Metadata.Name, metric.Name, expr.Type(), out.String())
			}
		}
	}
	if queries == 0 {
		fmt.Fprintln(os.Stderr, "no Prometheus query found")
		os.Exit(2)
	}
	if failed {
		os.Exit(1)
	}
}
