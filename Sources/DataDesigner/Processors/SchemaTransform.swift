import Parquet

/// A compiled `schema_transform` processor: as the real one, its template mapping is turned
/// into JSON text (`json.dumps`), rendered as one Jinja2 template per record with every
/// `{{ value }}` escaped for the inside of a JSON string (``TemplateFinalize/jsonString``),
/// and the rendered JSON (`json.loads`) is one record of the processor's dataset, written to
/// `processors-files/<name>/batch_NNNNN.parquet` beside each batch. Its columns are the
/// template's keys, typed by the template (``TransformShape``).
///
/// The template reads the columns of the batch at the processor's place in `processors`: every
/// column, dropped ones too, except those an earlier drop_columns processor removed.
struct SchemaTransform {
    let name: String
    let template: CompiledTemplate
    /// Column index of each template reference.
    let references: [Int]
    let fields: [TransformField]
    let schema: Schema

    /// Why a `schema_transform` processor named `name` with `template` is refused when the
    /// config loads, or nil.
    static func problem(name: String, template: ConfigValue, engine: TemplateEngine) -> String? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
            return "the processor name '\(name)' cannot be used as a folder name (its records go to processors-files/<name>/)"
        }
        if let key = markupKey(template) {
            return "the key '\(key)' holds a template; only the values of the mapping may (each key is an output column)"
        }
        do {
            _ = try shape(template)
            _ = try CompiledTemplate(PythonJSON.dumps(template), engine: engine, finalize: .jsonString)
        } catch let p as TransformShape.Problem {
            return p.message
        } catch let e as TemplateSyntaxError {
            return "the template is outside the supported Jinja2 subset: \(e.message)"
        } catch {
            return "\(error)"
        }
        return nil
    }

    /// A key anywhere in `v` that holds Jinja2 markup.
    private static func markupKey(_ v: ConfigValue) -> String? {
        switch v {
        case .object(let members):
            for m in members {
                if m.key.contains("{{") || m.key.contains("{%") || m.key.contains("{#") { return m.key }
                if let k = markupKey(m.value) { return k }
            }
        case .array(let items):
            for item in items { if let k = markupKey(item) { return k } }
        default: break
        }
        return nil
    }

    /// The output columns of a template mapping.
    private static func shape(_ template: ConfigValue) throws(TransformShape.Problem) -> [TransformField] {
        if case .object(let members) = template, members.isEmpty {
            throw TransformShape.Problem(message: "the template has no keys (the real tool writes processor files without columns; they are refused here)")
        }
        guard case .structure(let fields) = try TransformShape.of(template, path: "template") else {
            throw TransformShape.Problem(message: "the template must be a mapping")
        }
        return fields
    }

    /// Compiles the processor; `visible` maps the names of the columns it reads to their
    /// indices. Throws ``CreateError`` naming the processor.
    init(name: String, template value: ConfigValue, engine: TemplateEngine, visible: [String: Int]) throws {
        self.name = name
        do {
            fields = try Self.shape(value)
            template = try CompiledTemplate(PythonJSON.dumps(value), engine: engine, finalize: .jsonString)
        } catch let p as TransformShape.Problem {
            throw CreateError("processor '\(name)', param 'template': \(p.message)")
        } catch let e as TemplateSyntaxError {
            throw CreateError("processor '\(name)', param 'template': the template is outside the supported Jinja2 subset: \(e.message)")
        }
        references = try template.references.map { r in
            guard let i = visible[r] else {
                throw CreateError("processor '\(name)', param 'template': '\(r)' is not a column of the dataset at this processor (the real tool refuses the template); an earlier drop_columns processor removes it, or there is no such column")
            }
            return i
        }
        var root = SchemaElement()
        root.name = "schema"
        root.numChildren = Int32(clamping: fields.count)
        do {
            schema = try Schema(elements: [root] + fields.flatMap { $0.shape.schemaElements(name: $0.name) })
        } catch {
            throw CreateError("processor '\(name)': cannot build its schema: \(error)")
        }
    }

    /// The processor's records for the live rows of a batch. A render that fails, or that is
    /// not JSON of the template's shape, ends the run (as the real processor fails the batch).
    func run(rows: Int, alive: [Bool], columns: [GeneratedColumn?], limits: GenerationLimits, batch: Int,
             random: inout Xoshiro256StarStar, check: (String, Int) throws -> Void) throws -> RecordBatch {
        var vars = RowVariables(columns: columns, references: references, json: true)
        var shredder = TransformShredder(fields: fields)
        var text: [UInt8] = []
        var bytes = 0
        let what = "processor '\(name)'"
        for row in 0..<rows where alive[row] {
            vars.row = row
            do {
                try template.render(&vars, limits: limits.template, random: &random, into: &text)
            } catch let TemplateFailure.limit(message) {
                throw CreateError("\(what): record \(row) of batch \(batch): \(message) \(ExpressionEvaluator.raiseHint(message))")
            } catch let TemplateFailure.render(message) {
                throw CreateError("\(what): record \(row) of batch \(batch): the template does not render (\(message)); the real tool fails the batch too")
            }
            var parser = TemplateJSON(text)
            guard let record = parser.parseDocument() else {
                let head = String(decoding: text.prefix(200), as: UTF8.self)
                throw CreateError("\(what): record \(row) of batch \(batch) renders to text that is not JSON (the real tool fails the batch too): \(head)")
            }
            do {
                try shredder.append(record)
            } catch {
                throw CreateError("\(what): record \(row) of batch \(batch) renders to JSON of another shape than its template: \(error.message)")
            }
            bytes += text.count
            try check(what, bytes)
        }
        return RecordBatch(schema: schema, columns: try shredder.columns(schema.columns), numRows: shredder.records,
                           rowGroupIndex: batch)
    }
}
