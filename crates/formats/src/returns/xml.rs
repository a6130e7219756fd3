//! A small element tree read from XML text: returns are a few megabytes at
//! most, and walking a tree keeps each return's mapping short.

use quick_xml::events::Event;
use quick_xml::Reader;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<Element>,
}

impl Element {
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|child| child.name == name)
    }

    /// The trimmed text of the named child element, "" when absent.
    pub fn child_text(&self, name: &str) -> &str {
        self.child(name)
            .map(|child| child.text.trim())
            .unwrap_or("")
    }

    /// Whether this element holds only text.
    pub fn is_leaf(&self) -> bool {
        self.children.is_empty()
    }
}

/// Where reading stopped and why.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlProblem {
    pub byte: u64,
    pub reason: String,
}

fn name_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The document's root element.
pub fn parse(text: &str) -> Result<Element, XmlProblem> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let problem = |reader: &Reader<&[u8]>, reason: String| XmlProblem {
            byte: reader.buffer_position(),
            reason,
        };
        let event = reader
            .read_event()
            .map_err(|error| problem(&reader, error.to_string()))?;
        match event {
            Event::Start(start) => stack.push(Element {
                name: name_of(start.name().as_ref()),
                ..Element::default()
            }),
            Event::Empty(empty) => {
                let element = Element {
                    name: name_of(empty.name().as_ref()),
                    ..Element::default()
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(element);
                }
            }
            Event::End(_) => {
                let Some(done) = stack.pop() else { break };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Err(problem(&reader, "unbalanced end tag".into())),
                }
            }
            Event::Text(text) => {
                let decoded = text
                    .decode()
                    .map_err(|error| problem(&reader, error.to_string()))?;
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&decoded);
                }
            }
            Event::GeneralRef(reference) => {
                let name = name_of(reference.as_ref());
                let resolved = quick_xml::escape::unescape(&format!("&{name};"))
                    .map_err(|error| problem(&reader, error.to_string()))?
                    .into_owned();
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&resolved);
                }
            }
            Event::CData(data) => {
                if let Some(current) = stack.last_mut() {
                    current.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let document = stack.pop().filter(|_| stack.is_empty()).ok_or(XmlProblem {
        byte: text.len() as u64,
        reason: "the document ends inside an element".into(),
    })?;
    document.children.into_iter().next().ok_or(XmlProblem {
        byte: 0,
        reason: "there is no root element".into(),
    })
}
