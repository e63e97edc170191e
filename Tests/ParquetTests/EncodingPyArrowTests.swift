import Foundation
import XCTest
@testable import Parquet

/// Data pages written by pyarrow 26 (uncompressed, data page v1, required columns unless noted),
/// base64-encoded: `pages` are the page bodies with the tested encoding, `plain` the same values
/// PLAIN-encoded (the reference). Generated once with pyarrow.parquet.write_table(...,
/// column_encoding=..., use_dictionary=False) and a small Thrift page-header walker.
enum EncodingPyArrowVectors {
    struct Vector {
        var count: Int
        var pages: [String]
        var plain: String
    }

    // dbpInt32: 205 values
    static let dbpInt32 = Vector(count: 205, pages: [
        "gAEEzQHqBM0bDAwMDK5iY6LMMqm2azvmutTxt2rngSDUM+7qWMgzbml3fgRXka3XJC4bQAr7ZVF3Wub1VLtogGp0smIHAOx8dLths7PkY2jGXmF3zVrVNwc1bTQ5SgD5rOCyjzDks8tQxr1UeJwD23/mKIEEq9UUs0wlbQppa+cSitIDsNNha9T7NkSLMDq10eyRv8cwkhbmhFzohyaTVJCIbL1lqa0jpsgITp+mJDTLcTHjnHd4MEC2lD5mYCbsSUqnXTQEqgXUsE52b/////8PICAgAD36/39jAQCAvgQAgK75/38vBgCAFvz/f68AAIDv/v9/Y/7/fykBAICeBQCAPQAAgP78/395AgCAvP7/f8b8/38v//9/iwMAgMD+/38s//9/6QMAgNT8//8BAACAAAAAAP////8BAACAZAAAAAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIABAACAAQAAgAEAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==",
    ], plain: "NQEAAPz8//9L/P//BgIAAEv+//8N/v//4f3//zX9///8AQAA6fz//4EBAAAEAgAAOwMAAHQAAADK/P//0QAAAHj///9Z/P//Vfz//9f8///X/f//9P3//yIAAADoAAAATvz//5UAAACv/f//0gEAAEoBAAC0AQAAdAAAAHP////b/f//r////84AAABR/v//kQIAAAwDAAAl/P//KgIAAIoCAABe/f//rQEAAHn////Q/v//Uf7//1b9///Q/f//wAMAADMCAADJ/v//6fz//9X8//8i////3vz///f+///fAgAA2P7//+wAAAA1/v//jAIAAHD8///uAQAAxP///2IAAAAX/f//4AMAAHgDAAAf////ufz//4IAAABw/v//ugIAAB8BAAAKAQAALQMAAPwCAAD8/v//tgAAAKH9//+6AQAApvz//3X8//9iAQAA6v3//0cCAABo/v//u/z//+8CAAD0/f//BgMAAOb8//8i////Uf7//7j///8tAQAAxAIAAAP///9l/f//Dv///+/+///F/f//dAEAADr+//+1AQAAlgMAAI8BAABHAQAAqvz///cAAAAsAQAAdv3//10AAADtAQAADf7//2b9///K////If///0D+//9/AwAANgEAAJkBAACMAAAA2f3//5IBAACw/v//1gIAAD0CAABNAgAAivz//+39//+rAgAAWfz//4gCAACe/v//Tf///zz+//+f/P//yP3//2YDAACjAwAAoQAAABoDAADWAQAAnP7//8v9//9WAQAAFgAAAEL///8rAwAA////fwAAAIAAAAAA////fwAAAIBkAAAAZQAAAGYAAABnAAAAaAAAAGkAAABqAAAAawAAAGwAAABtAAAAbgAAAG8AAABwAAAAcQAAAHIAAABzAAAAdAAAAHUAAAB2AAAAdwAAAHgAAAB5AAAAegAAAHsAAAB8AAAAfQAAAH4AAAB/AAAAgAAAAIEAAACCAAAAgwAAAIQAAACFAAAAhgAAAIcAAACIAAAAiQAAAIoAAACLAAAAjAAAAI0AAACOAAAAjwAAAJAAAACRAAAAkgAAAJMAAACUAAAAlQAAAA==")
    // dbpInt64: 205 values
    static let dbpInt64 = Vector(count: 205, pages: [
        "gAIEzQGtvcWosRv1//////////8BQEA/PzDfV877//9/lj3YUSgBAIAZr5fQu///f1SDH5kb//9/s7ARg2sBAICIpqGZov7/f4pWjoQHAACARwyjb+YAAICEdb7uVQAAgAs6cogh//9/CzANMXT//3/V2JTr5gAAgFGceHjP//9/rBe+UnX//38EdtoEYv//f8e9enVpAACAU35Dsl4AAICxADuLsgAAgN9uE5wn//9/1fvHj04BAIBCiQCyff7/f6r63OgBAQCAydbfYIH//38W8BrAAAAAgFcYl+Na//9/OXKi0S8AAID3M7LIKAAAgOW1DMPuAACA78SRVub//38hcSHeTwAAgN5Hepou//9/M6KLGkT//3/HAgcd1P//fxZk0+Hx//9/+8svaTUAAIAZ9wuZCAAAgE2tLa3b//9/lnVH9DEBAIBnztxgyv//f3VBVG7UAACATde+zQb//3+h2dtP7AAAgPlN2wW8//9/vZQGYr/+/39vqpo9CgEAgDlHFv45AACABBE1TpP+/3/PMo1eBgAAgGuoZMMxAACAoV4RY1QAAIB0ZTAzy///f98YKPkrAACAs0xO2x0BAIBeZgyldP7/fyL8hqAWAACAyMgjSav//38OPAoiUAAAgB38M+GSAACAuD1PUa0AAICwnL9RTAAAgLTAr5K7/v9/DqcBUlr//39g0TibjQEAgG06PniU//9/Cy1uQ84AAIAIKbdvz/7/f3ZHVCQcAACA70oIrF3//3/F98+SAgAAgIYFrjQDAQCAiw4nT/H+/3+KR+qGtQEAgCbZwJJR/v9/rLZEBwwAAIDm/sFo////fxAa4qNXAQCAuxX8W4v+/38KYV0GKwAAgCtNRefvAACAO9Jzacj//3+zbw/INQAAgEstwoXN//9/xLI3KHf//38XY3rnTQEAgLyTxcU0/v9/xf1t7F0AAIBd/+NEIAAAgIrpBaveAACAPjqW8uD+/389ipf/swAAgAp5gX0oAACA4cTIyZwAAICGGLmLdf//f3+muPU0//9/Qw+NeKMAAICDKT9rkf//fz2MGLiAAACAzYMdVbf//3/3Td8ciAAAgFORSkig/////P///////38AAAAAAAAAAPX//////////P///////38CAAAAAAAAAPv///////9/+////////3/7////////f/v///////9/+////////3/7////////f/v///////9/+////////3/7////////f/v///////9/+////////3/7////////f/v///////9/+////////3/7////////f/v///////9/+////////3/7////////f/v///////9/+////////3/7////////f/v///////9/+////////3/7//////////3//////////v///////3//////////v//////////f/////////+//////////9//////////7//////////3//////////v///////3//////////v//////////f/////////+//////////9//////////1////////f/7///////8//////////1//////////n//////////f//////////v/////////9f/////////5//////////3///////9//////////1//////////z//////////X//////////f/////////9//////////4//////////3//////////v///////5//////////r//////////v/////////+v/////////+//////////5////////f/3///////9//////////3//////////n//////////v/////////+v/////////9//////////6//////////7///////8//////////z//////////v//////////f/////////+//////////+//////////4////////f/7///////8//////////5//////////n//////////n/////////+v/////////9f/////////+////////f/z///////+//////////z//////////v//////////v/////////+v/////////9//////////6//////////3///////+//v///////5//////////DwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
    ], plain: "qVB3dZL////eL89Djv///3ltp5W2AAAAlxw/ZnIAAADwn17/jf///6hQcIL5AAAANfcRHJz////ETaCgo////xBaQxCKAAAAmc8B/98AAACpCXSHAQAAALk5gbh1////kxIWpFwAAADpro4cLAAAAJrGTG+h////ozwndAP///9v+qHpbP///8d45ZvL////fXkgJ34AAABh6DPDpf///zvk+1L0AAAAgm38BHL///8xaNntcwAAAP8+uU71////Gi/UDvb///92R2vyUP///7S5DcSA////sO2/jKn///+ao8xPmAAAAI5oXqZ+AAAAtNl/hM4AAACXIfoe/f///8/DhTlB////m8aMVhX///+2KmA4B////7b2j6E8////1O2bOkX///8mm8nnIP///8EQEdxSAAAALd/tPB0AAACnIEKr8QAAAPn3AHn4////n9HcyOQAAACdH7jOoAAAAF+0vjBg////015ZbmoAAAARpm9spAAAABq3pLo3////7ukxGT7///9ekpbcb////wTxpz/E////fVbYco////9hbwBsu////xm8TkfZAAAAfCJb7E3///+jHuKMZP///3DnBdYP////gyMQ+F////+lH0TZ8v///2JdkyqgAAAAF/pSfOwAAADQugIPqP///+NhBGEC////SDM9/I8AAAC6bXt0JAAAAMqa6bfyAAAA18OgJ8L///9SC/VL3v///0ZW/fc7////EE7Nij7///+bU3u/QQAAACtiog4z////uqmMlegAAADlgk0oOv///5Y5ki9G////gThUmEX///+WUjY8nQAAAFZoMpgo////ZcmPnlP///+VFtWFQwAAANXoSO8LAAAAjVhYt0EAAADdhRo9DwAAAKY4UmWG////wpvMTNQAAACDL5ISCf///00tAP9m////ryzkQ4f///8+FuruZQAAAIFQgOFG////w9oX4fr////SU5leIwAAALgYYijAAAAAQzEbtDUAAADH19Opav///w/nYCIOAAAAlxCgjZ/////ZnLhFIAAAAKsg1prX////p261t18AAAD/////////fwAAAAAAAACABQAAAAAAAAD/////////fwAAAAAAAACABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAAHAAAAAAAAAAcAAAAAAAAABwAAAAAAAAABAAAAAAAAAAIAAAAAAAAAAwAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAADAAAAAAAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIAAAAAAAAAAQAAAAAAAAACAAAAAAAAAAEAAAAAAAAAAwAAAAAAAAADAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAEAAAAAAAAAAwAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAACAAAAAAAAAAAAAAAAAAAAAgAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAACAAAAAAAAAAMAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAQAAAAAAAAADAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAACAAAAAAAAAAMAAAAAAAAAAQAAAAAAAAACAAAAAAAAAAEAAAAAAAAAAAAAAAAAAAADAAAAAAAAAAAAAAAAAAAAAwAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAwAAAAAAAAACAAAAAAAAAAIAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAA=")
    // dlba: 70 values
    static let dlba = Vector(count: 70, pages: [
        "gAEERgoTBQUEACmqRNZ5zZTJUnDmFYZiQkup5QiJST1jGIIMxFaSO8qk1ZRiZYIVhTu+eQgAAAAAAAAAAAAAAAAAYmFuZDJiYW5keHlsb3Bob25lMTJ4eWxvcGhvbmUxMGFwcGxlc2F1Y2ViYW5kYmFuZDExMWJhbmRhbmF4eWxvcGhvbmUzemVicmE2MHh5bG9waG9uZTZhcHBsZXNhdWNlMTBhcHBsZXNhdWNlOTEwYmFuZDE3MTJhcHBseTE5MTdiYW5kMThiYW5kYW5hMTRiYW5hbmExNmFwcGx5MnplYnJhMTBiYW5hbmE5YmFuYW5hNGJhbmFuYTE1YXBwbGVzYXVjZTE0emVicmE2YmFuYW5hNGFwcGxlM2JhbmFuYXh5bG9waG9uZTE0YmFuYW5hM3gxNnplYnJheDE5eHlsb3Bob25leHlsb3Bob25lMTR4YmFuYW5hMjB4eWxvcGhvbmUxNWJhbmQxNGJhbmQ3YmFuZGFuYTE3YXBwbHk3YXBwbHk2MTAxMTJ6ZWJyYWFwcGxlemVicmFhcHBsZTExMTN4eWxvcGhvbmUxOXgxNWJhbmRhbmExMnh6ZWJyYTE4YXBwbGUyYXBwbHkxNGJhbmQxMngxMDg=",
    ], plain: "BQAAAGJhbmQyBAAAAGJhbmQLAAAAeHlsb3Bob25lMTILAAAAeHlsb3Bob25lMTAKAAAAYXBwbGVzYXVjZQQAAABiYW5kBQAAAGJhbmQxAgAAADExBwAAAGJhbmRhbmEKAAAAeHlsb3Bob25lMwYAAAB6ZWJyYTYBAAAAMAoAAAB4eWxvcGhvbmU2DAAAAGFwcGxlc2F1Y2UxMAsAAABhcHBsZXNhdWNlOQIAAAAxMAYAAABiYW5kMTcCAAAAMTIHAAAAYXBwbHkxOQIAAAAxNwQAAABiYW5kAgAAADE4CQAAAGJhbmRhbmExNAgAAABiYW5hbmExNgYAAABhcHBseTIHAAAAemVicmExMAcAAABiYW5hbmE5BwAAAGJhbmFuYTQIAAAAYmFuYW5hMTUMAAAAYXBwbGVzYXVjZTE0BgAAAHplYnJhNgAAAAAHAAAAYmFuYW5hNAYAAABhcHBsZTMGAAAAYmFuYW5hCwAAAHh5bG9waG9uZTE0BwAAAGJhbmFuYTMDAAAAeDE2BQAAAHplYnJhAwAAAHgxOQkAAAB4eWxvcGhvbmULAAAAeHlsb3Bob25lMTQBAAAAeAgAAABiYW5hbmEyMAsAAAB4eWxvcGhvbmUxNQYAAABiYW5kMTQFAAAAYmFuZDcJAAAAYmFuZGFuYTE3BgAAAGFwcGx5NwYAAABhcHBseTYCAAAAMTABAAAAMQIAAAAxMgUAAAB6ZWJyYQUAAABhcHBsZQUAAAB6ZWJyYQcAAABhcHBsZTExAgAAADEzCwAAAHh5bG9waG9uZTE5AQAAAHgCAAAAMTUJAAAAYmFuZGFuYTEyAQAAAHgFAAAAemVicmECAAAAMTgGAAAAYXBwbGUyBwAAAGFwcGx5MTQGAAAAYmFuZDEyAwAAAHgxMAEAAAA4")
    // dba: 70 values
    static let dba = Vector(count: 70, pages: [
        "gAEERgARBAUEAJmqmIqZqZeema44i5n0ipkKGZWSSgmlxFQKKiWVUFRJoYQScJmZCgAAAAAAAAAAAAAAAACAAQRGAAsEBAQAZ1ZndWZWp1OmU4ZkZit1ZXVWdmZmhlVmZVjWUFZnZhpmWAUAAAAAAAAAAAAAAAAAMDEwMTIzNTc4OGFwcGxlMTEyM3NhdWNlMTA0OXkxNDkyNjdiYW5hbmExNTYyMDM0OWQxMjQ3MjdhbmExMjQ3eDEwNjl5bG9waG9uZTEwMjQ1OTM2emVicmExMDY=",
    ], plain: "AAAAAAEAAAAwAQAAADECAAAAMTACAAAAMTACAAAAMTECAAAAMTICAAAAMTICAAAAMTMCAAAAMTUCAAAAMTcCAAAAMTgCAAAAMTgBAAAAOAUAAABhcHBsZQcAAABhcHBsZTExBgAAAGFwcGxlMgYAAABhcHBsZTMKAAAAYXBwbGVzYXVjZQwAAABhcHBsZXNhdWNlMTAMAAAAYXBwbGVzYXVjZTE0CwAAAGFwcGxlc2F1Y2U5BwAAAGFwcGx5MTQHAAAAYXBwbHkxOQYAAABhcHBseTIGAAAAYXBwbHk2BgAAAGFwcGx5NwYAAABiYW5hbmEIAAAAYmFuYW5hMTUIAAAAYmFuYW5hMTYIAAAAYmFuYW5hMjAHAAAAYmFuYW5hMwcAAABiYW5hbmE0BwAAAGJhbmFuYTQHAAAAYmFuYW5hOQQAAABiYW5kBAAAAGJhbmQEAAAAYmFuZAUAAABiYW5kMQYAAABiYW5kMTIGAAAAYmFuZDE0BgAAAGJhbmQxNwUAAABiYW5kMgUAAABiYW5kNwcAAABiYW5kYW5hCQAAAGJhbmRhbmExMgkAAABiYW5kYW5hMTQJAAAAYmFuZGFuYTE3AQAAAHgBAAAAeAEAAAB4AwAAAHgxMAMAAAB4MTYDAAAAeDE5CQAAAHh5bG9waG9uZQsAAAB4eWxvcGhvbmUxMAsAAAB4eWxvcGhvbmUxMgsAAAB4eWxvcGhvbmUxNAsAAAB4eWxvcGhvbmUxNAsAAAB4eWxvcGhvbmUxNQsAAAB4eWxvcGhvbmUxOQoAAAB4eWxvcGhvbmUzCgAAAHh5bG9waG9uZTYFAAAAemVicmEFAAAAemVicmEFAAAAemVicmEFAAAAemVicmEHAAAAemVicmExMAYAAAB6ZWJyYTYGAAAAemVicmE2")
    // dbaFixed: 40 values
    static let dbaFixed = Vector(count: 40, pages: [
        "gAEEKAABAgIAAEliVFVSiUVVVRkAAAAAAACAAQQoCAECAQAAYUhWVVghZVVfAAAAA4EHCQDwBwkaBwkCcgcJABQHCX4HCQEKBwl6BwnyBwkAbwcJA4MHCQJVBwkAUwcJAjcHCQCfBwkDywcJASYHCTQHCQI9BwkAsQcJA70HCQCuBwnXBwkDNgcJuQcJTgcJWgcJAvcHCQPfBwkCpQcJASwHCQLmBwkB7QcJA6wHCQD9BwkCXQcJA2wHCQKEBwmPBwkFBwk=",
    ], plain: "A4EHCQDwBwkAGgcJAnIHCQAUBwkAfgcJAQoHCQF6BwkB8gcJAG8HCQODBwkCVQcJAFMHCQI3BwkAnwcJA8sHCQEmBwkBNAcJAj0HCQCxBwkDvQcJAK4HCQDXBwkDNgcJA7kHCQNOBwkDWgcJAvcHCQPfBwkCpQcJASwHCQLmBwkB7QcJA6wHCQD9BwkCXQcJA2wHCQKEBwkCjwcJAgUHCQ==")
    // bssFloat: 33 values
    static let bssFloat = Vector(count: 33, pages: [
        "gfL98DYEx5pzmBtwtgHG9KfveV69Qb8VBESy42EqGHT55tmUwYiXxeBxuPG3rR7R4JR+1Leu2JIZITAntJ0DQ/kbARb8Ntf9Os7Ka8g6+qB/0JhyxJC0vAPYtO1cuRbp2i7+R8nIyEfIx0jHycjIyEjIR8hJR8jHyMlIyEhJSMlIyEhI",
    ], plain: "geYBR/LZFsn9lPzI8ME2yDaI10cEl/3Ix8U6x5rgzkhzccrHmLhryRvxyMhwtzrItq36yAEeoEjG0X/I9ODQR6eUmMjvfnJJedTER163kMi9rrTHQdi8yL+SA8kVGdhIBCG0yEQw7UiyJ1xJ47S5SGGdFskqA+lIGEPayHT5Lkj5G/5I")
    // bssDouble: 21 values
    static let bssDouble = Vector(count: 21, pages: [
        "aAzK2HamGFeJhqC+MLAi5RCwVlxrbfcCpM57d5x0eLYDLT54h+tZ1Ng4I5cMO2EtvB0xRvSNqAWw8QUxHZJF2YV0S3JK4iky69d1PWhpYmKmipLga/pRTHcjk6RRh7rmbcGR2mVy8GYMoVNN3/sjZMq9MF8a1NtBxFPJcWk3By0kGBAYGSYrKxkrEB4oLRrkEyweQUFBwcHBQcHBwcFBQUHBwcHAwUHB",
    ], plain: "aG0j2WuhB0EM95eF+lMtQcoCDHRRTSRB2KQ7S0zfGMF2zmFyd/sQwaZ7LUojIxjBGHe84pNkGUFXnB0ppMomwYl0MTJRvSvBhnhG64cwK8GgtvTXul8Zwb4DjXXmGitBMC2oPW3UEEGwPgVowdseQSJ4sGmRQSjB5YfxYtrELcEQ6wViZVMawbBZMaZyyeTAVtQdivBxE8Fc2JKSZmksQWs4ReAMNx7B")
    // bssInt32: 17 values
    static let bssInt32 = Vector(count: 17, pages: [
        "TONRGtP6QkJZPccryrTpJ5rgWBpBlOVxqnS+yr3As81dhZm647vX+YlQYJPHQiHIZ08SXJD9L6Zyvx7haO1DIJS9Dag=",
    ], plain: "TOCZXONYupBRGuP9GkG7L9OU16b65flyQnGJv0KqUB5ZdGDhPb6TaMfKx+0rvUJDysAhILSzyJTpzWe9J11PDZqFEqg=")
    // bssInt64: 13 values
    static let bssInt64 = Vector(count: 13, pages: [
        "ovvPOqboaI5WXNr8bgIVL8McmOqNXMzxUBwEWw/MjWl5t2wKHjQYmAjczTkkKpFwZ4AKQCnFon2iTqcWI+he/PEvBmXlY+q0RqQ6OzcUTEI7BMtH6dPVUzyxn/i79G8lkkprn3EKY4Y=",
    ], plain: "ogIEmCkvTPj7FVsIxQZCu88vD9yiZTv0OsPMzX3lBG+mHI05omPLJeiYaSRO6keSaOp5Kqe06UqOjbeRFkbTa1ZcbHAjpNWfXMwKZ+g6U3Ha8R6AXjs8CvxQNAr8N7FjbhwYQPEUn4Y=")
    // bssFixed: 11 values
    static let bssFixed = Vector(count: 11, pages: [
        "dRTi3/CqUv0SoTsKWY77sqSok+iBzonwXC7RNdLNLaUA",
    ], plain: "dQqJFFnw4o5c3/su8LLRqqQ1UqjS/ZPNEugtoYGlO84A")
    // rleBool: 170 values
    static let rleBool = Vector(count: 170, pages: [
        "FAAAABMIIRMhgWAEUoAUAAcBwPxYASgA",
    ], plain: "CCETIYFgBFKAAAQA8///////PwAAAA==")
    // dictStrings: 300 values
    static let dictStrings = Vector(count: 300, pages: [
        "BgAAAGJhbmFuYQoAAABhcHBsZXNhdWNlAAAAAAEAAAB4BQAAAGFwcGx5BAAAAGJhbmQFAAAAYXBwbGUHAAAAYmFuZGFuYQkAAAB4eWxvcGhvbmUFAAAAemVicmE=",
        "BE0QEjFUZmd1JwQoSUSRkjBJMDVlU0gxlyU1BTIBkpdVJmVpOQV5AFkUVmN5FHVCQHiIRTV1MUEgeCFWGHOVcgFjiZcQUxJkVhMBSDKHkiQxKWUHM3BxeCYFMQFpdkAJgZAAR2lFhEVhZAd5RmUkGDFzmDEIaVhjNiIxE3FJQZWJJ4k1mBKBIANyIxInV0cTESFxhJaIF3IAAA==",
    ], plain: "BgAAAGJhbmFuYQoAAABhcHBsZXNhdWNlAAAAAAoAAABhcHBsZXNhdWNlCgAAAGFwcGxlc2F1Y2UBAAAAeAUAAABhcHBseQQAAABiYW5kBQAAAGFwcGxlBQAAAGFwcGxlBwAAAGJhbmRhbmEFAAAAYXBwbGUEAAAAYmFuZAcAAABiYW5kYW5hBwAAAGJhbmRhbmEAAAAABQAAAGFwcGx5BgAAAGJhbmFuYQkAAAB4eWxvcGhvbmUAAAAABQAAAHplYnJhBQAAAGFwcGx5BQAAAGFwcGx5BQAAAGFwcGx5CgAAAGFwcGxlc2F1Y2UFAAAAemVicmEAAAAABQAAAHplYnJhBgAAAGJhbmFuYQEAAAB4BQAAAHplYnJhBQAAAGFwcGx5BgAAAGJhbmFuYQEAAAB4BAAAAGJhbmQBAAAAeAQAAABiYW5kBQAAAGFwcGxlAQAAAHgEAAAAYmFuZAkAAAB4eWxvcGhvbmUFAAAAYXBwbHkKAAAAYXBwbGVzYXVjZQEAAAB4BwAAAGJhbmRhbmEFAAAAemVicmEEAAAAYmFuZAAAAAAEAAAAYmFuZAEAAAB4BAAAAGJhbmQGAAAAYmFuYW5hAAAAAAEAAAB4CgAAAGFwcGxlc2F1Y2UGAAAAYmFuYW5hAAAAAAUAAAB6ZWJyYQcAAABiYW5kYW5hBQAAAHplYnJhBAAAAGJhbmQEAAAAYmFuZAUAAABhcHBsZQAAAAAEAAAAYmFuZAUAAABhcHBsZQUAAAB6ZWJyYQUAAABhcHBsZQUAAAB6ZWJyYQEAAAB4BAAAAGJhbmQGAAAAYmFuYW5hBQAAAHplYnJhBwAAAGJhbmRhbmEGAAAAYmFuYW5hBgAAAGJhbmFuYQUAAAB6ZWJyYQQAAABiYW5kBQAAAGFwcGx5CgAAAGFwcGxlc2F1Y2UFAAAAYXBwbGUEAAAAYmFuZAEAAAB4BQAAAGFwcGxlBQAAAHplYnJhBwAAAGJhbmRhbmEFAAAAYXBwbHkKAAAAYXBwbGVzYXVjZQQAAABiYW5kBwAAAGJhbmRhbmEAAAAABQAAAGFwcGx5BgAAAGJhbmFuYQUAAABhcHBseQkAAAB4eWxvcGhvbmUHAAAAYmFuZGFuYQkAAAB4eWxvcGhvbmUJAAAAeHlsb3Bob25lBAAAAGJhbmQFAAAAYXBwbHkEAAAAYmFuZAEAAAB4BAAAAGJhbmQHAAAAYmFuZGFuYQoAAABhcHBsZXNhdWNlAQAAAHgKAAAAYXBwbGVzYXVjZQUAAABhcHBseQYAAABiYW5hbmEAAAAACQAAAHh5bG9waG9uZQcAAABiYW5kYW5hCgAAAGFwcGxlc2F1Y2UAAAAABQAAAGFwcGxlBAAAAGJhbmQJAAAAeHlsb3Bob25lCgAAAGFwcGxlc2F1Y2UBAAAAeAcAAABiYW5kYW5hBAAAAGJhbmQFAAAAemVicmEAAAAABwAAAGJhbmRhbmEKAAAAYXBwbGVzYXVjZQYAAABiYW5hbmEBAAAAeAUAAABhcHBsZQUAAAB6ZWJyYQkAAAB4eWxvcGhvbmUHAAAAYmFuZGFuYQUAAAB6ZWJyYQYAAABiYW5hbmEKAAAAYXBwbGVzYXVjZQEAAAB4BAAAAGJhbmQAAAAACgAAAGFwcGxlc2F1Y2UFAAAAYXBwbHkFAAAAYXBwbGUFAAAAYXBwbGUEAAAAYmFuZAEAAAB4CgAAAGFwcGxlc2F1Y2UKAAAAYXBwbGVzYXVjZQYAAABiYW5hbmEJAAAAeHlsb3Bob25lBQAAAGFwcGx5AAAAAAEAAAB4BwAAAGJhbmRhbmEJAAAAeHlsb3Bob25lAAAAAAUAAAB6ZWJyYQUAAABhcHBseQAAAAAKAAAAYXBwbGVzYXVjZQEAAAB4BQAAAHplYnJhAAAAAAQAAABiYW5kBQAAAGFwcGxlBwAAAGJhbmRhbmEGAAAAYmFuYW5hAQAAAHgBAAAAeAYAAABiYW5hbmEHAAAAYmFuZGFuYQoAAABhcHBsZXNhdWNlBwAAAGJhbmRhbmEJAAAAeHlsb3Bob25lBwAAAGJhbmRhbmEFAAAAYXBwbGUAAAAABAAAAGJhbmQGAAAAYmFuYW5hCgAAAGFwcGxlc2F1Y2UBAAAAeAoAAABhcHBsZXNhdWNlBgAAAGJhbmFuYQUAAAB6ZWJyYQUAAABhcHBsZQUAAABhcHBsZQcAAABiYW5kYW5hBgAAAGJhbmFuYQUAAABhcHBseQUAAAB6ZWJyYQYAAABiYW5hbmEKAAAAYXBwbGVzYXVjZQkAAAB4eWxvcGhvbmUGAAAAYmFuYW5hBQAAAHplYnJhBgAAAGJhbmFuYQYAAABiYW5hbmEHAAAAYmFuZGFuYQUAAABhcHBseQUAAAB6ZWJyYQUAAABhcHBsZQQAAABiYW5kBQAAAGFwcGx5BQAAAGFwcGx5CQAAAHh5bG9waG9uZQQAAABiYW5kBQAAAGFwcGx5CgAAAGFwcGxlc2F1Y2UFAAAAYXBwbGUFAAAAYXBwbHkFAAAAYXBwbGUHAAAAYmFuZGFuYQYAAABiYW5hbmEFAAAAemVicmEHAAAAYmFuZGFuYQUAAABhcHBsZQUAAABhcHBseQQAAABiYW5kBQAAAGFwcGxlBQAAAGFwcGx5AAAAAAkAAAB4eWxvcGhvbmUKAAAAYXBwbGVzYXVjZQoAAABhcHBsZXNhdWNlAQAAAHgBAAAAeAcAAABiYW5kYW5hCQAAAHh5bG9waG9uZQUAAAB6ZWJyYQoAAABhcHBsZXNhdWNlAQAAAHgJAAAAeHlsb3Bob25lBgAAAGJhbmFuYQUAAAB6ZWJyYQUAAABhcHBsZQkAAAB4eWxvcGhvbmUEAAAAYmFuZAEAAAB4BQAAAGFwcGxlBQAAAGFwcGxlAQAAAHgAAAAAAAAAAAoAAABhcHBsZXNhdWNlAQAAAHgBAAAAeAoAAABhcHBsZXNhdWNlCgAAAGFwcGxlc2F1Y2UHAAAAYmFuZGFuYQUAAAB6ZWJyYQUAAABhcHBseQoAAABhcHBsZXNhdWNlBQAAAGFwcGx5BAAAAGJhbmQFAAAAemVicmEFAAAAemVicmEJAAAAeHlsb3Bob25lBwAAAGJhbmRhbmEAAAAABQAAAHplYnJhCQAAAHh5bG9waG9uZQQAAABiYW5kAQAAAHgJAAAAeHlsb3Bob25lBQAAAHplYnJhAAAAAAoAAABhcHBsZXNhdWNlCgAAAGFwcGxlc2F1Y2UJAAAAeHlsb3Bob25lBgAAAGJhbmFuYQAAAAABAAAAeAYAAABiYW5hbmEAAAAABwAAAGJhbmRhbmEBAAAAeAAAAAAAAAAACgAAAGFwcGxlc2F1Y2UHAAAAYmFuZGFuYQAAAAAHAAAAYmFuZGFuYQQAAABiYW5kBwAAAGJhbmRhbmEFAAAAYXBwbHkBAAAAeAoAAABhcHBsZXNhdWNlCgAAAGFwcGxlc2F1Y2UKAAAAYXBwbGVzYXVjZQoAAABhcHBsZXNhdWNlAAAAAAoAAABhcHBsZXNhdWNlBwAAAGJhbmRhbmEFAAAAYXBwbHkJAAAAeHlsb3Bob25lBQAAAGFwcGxlBQAAAHplYnJhCQAAAHh5bG9waG9uZQkAAAB4eWxvcGhvbmUHAAAAYmFuZGFuYQoAAABhcHBsZXNhdWNlAAAAAAcAAABiYW5kYW5h")
    // optInt32: 90 values, null when i % 3 == 0 or 50 <= i < 70, else i * 7 - 100
    static let optInt32 = Vector(count: 90, pages: ["DgAAAA+2bdu2bdsCHAAH27YNo////6r///+4////v////83////U////4v///+n////3/////v///wwAAAATAAAAIQAAACgAAAA2AAAAPQAAAEsAAABSAAAAYAAAAGcAAAB1AAAAfAAAAIoAAACRAAAAnwAAAKYAAAC0AAAAuwAAAMkAAADQAAAA3gAAAOUAAADzAAAAhgEAAI0BAACbAQAAogEAALABAAC3AQAAxQEAAMwBAADaAQAA4QEAAO8BAAD2AQAABAIAAAsCAAA="], plain: "")
}

final class EncodingPyArrowTests: XCTestCase {
    typealias V = EncodingPyArrowVectors

    private func bytes(_ base64: String) throws -> [UInt8] {
        try XCTUnwrap(Data(base64Encoded: base64).map { [UInt8]($0) })
    }

    private func decode(
        _ encoding: Encoding, _ data: [UInt8], _ type: PhysicalType, typeLength: Int = 0, count: Int
    ) throws -> (ColumnValues, Int) {
        var values = ColumnValues.empty(for: type, typeLength: typeLength)
        let used = try data.withUnsafeBytes {
            try ValueDecoding.decode(encoding: encoding, bytes: $0, type: type, typeLength: typeLength, count: count, into: &values)
        }
        return (values, used)
    }

    /// Decodes the vector's page with `encoding` and its PLAIN twin, and compares; every
    /// truncation of the encoded page must throw (or, for the cut-able padding, match).
    private func check(_ v: V.Vector, _ encoding: Encoding, _ type: PhysicalType, typeLength: Int = 0,
                       file: StaticString = #filePath, line: UInt = #line) throws -> ColumnValues {
        let page = try bytes(v.pages[0])
        let (decoded, used) = try decode(encoding, page, type, typeLength: typeLength, count: v.count)
        let (expected, plainUsed) = try decode(.plain, try bytes(v.plain), type, typeLength: typeLength, count: v.count)
        XCTAssertEqual(decoded, expected, file: file, line: line)
        XCTAssertEqual(decoded.count, typeLength == 0 && type == .fixedLenByteArray ? 0 : v.count, file: file, line: line)
        XCTAssertEqual(used, page.count, file: file, line: line)
        XCTAssertEqual(plainUsed, try bytes(v.plain).count, file: file, line: line)
        for cut in stride(from: 0, to: page.count, by: max(1, page.count / 97)) {
            do {
                let (partial, _) = try decode(encoding, Array(page[0 ..< cut]), type, typeLength: typeLength, count: v.count)
                XCTAssertEqual(partial, expected, "cut \(cut) decoded differently", file: file, line: line)
            } catch let error as ParquetError {
                XCTAssertEqual(error.kind, .corrupt, file: file, line: line)
            }
        }
        return decoded
    }

    func testDeltaBinaryPacked() throws {
        let ints = try check(V.dbpInt32, .deltaBinaryPacked, .int32)
        guard case .int32(let a) = ints else { return XCTFail("wrong case") }
        XCTAssertEqual(Array(a[150 ..< 155]), [Int32.max, Int32.min, 0, Int32.max, Int32.min])
        XCTAssertEqual(Array(a[155 ..< 158]), [100, 101, 102])
        let longs = try check(V.dbpInt64, .deltaBinaryPacked, .int64)
        guard case .int64(let b) = longs else { return XCTFail("wrong case") }
        XCTAssertEqual(Array(b[100 ..< 106]), [Int64.max, Int64.min, 5, Int64.max, Int64.min, 7])
    }

    func testDeltaByteArrays() throws {
        let dlba = try check(V.dlba, .deltaLengthByteArray, .byteArray)
        let dba = try check(V.dba, .deltaByteArray, .byteArray)
        guard case .byteArray(let unsorted) = dlba, case .byteArray(let sorted) = dba else { return XCTFail("wrong case") }
        let strings = { (v: ByteArrayValues) in (0 ..< v.count).map { String(decoding: v[$0], as: UTF8.self) } }
        XCTAssertEqual(strings(sorted), strings(unsorted).sorted())
        _ = try check(V.dbaFixed, .deltaByteArray, .fixedLenByteArray, typeLength: 4)
    }

    func testByteStreamSplit() throws {
        _ = try check(V.bssFloat, .byteStreamSplit, .float)
        _ = try check(V.bssDouble, .byteStreamSplit, .double)
        _ = try check(V.bssInt32, .byteStreamSplit, .int32)
        _ = try check(V.bssInt64, .byteStreamSplit, .int64)
        _ = try check(V.bssFixed, .byteStreamSplit, .fixedLenByteArray, typeLength: 3)
    }

    func testRLEBooleans() throws {
        let values = try check(V.rleBool, .rle, .boolean)
        guard case .boolean(let b) = values else { return XCTFail("wrong case") }
        XCTAssertEqual(Array(b[100 ..< 170]), Array(repeating: true, count: 50) + Array(repeating: false, count: 20))
    }

    func testDictionaryPageAndIndices() throws {
        let v = V.dictStrings
        let dictionaryPage = try bytes(v.pages[0])
        let dataPage = try bytes(v.pages[1])
        let (dictionary, used) = try decode(.plain, dictionaryPage, .byteArray, count: 10)
        XCTAssertEqual(used, dictionaryPage.count)
        // Data page: bit width byte, then the hybrid without a length prefix.
        var indices: [UInt32] = []
        let bitWidth = Int(dataPage[0])
        XCTAssertEqual(bitWidth, 4)
        let consumed = try dataPage.withUnsafeBytes {
            try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: $0[1...]), bitWidth: bitWidth, count: v.count, into: &indices)
        }
        XCTAssertEqual(consumed, dataPage.count - 1)
        var values = ColumnValues.byteArray(ByteArrayValues())
        try DictionaryGather.append(from: dictionary, indices: indices, into: &values)
        let (expected, _) = try decode(.plain, try bytes(v.plain), .byteArray, count: v.count)
        XCTAssertEqual(values, expected)
    }

    func testDefinitionLevelsOfOptionalColumn() throws {
        let page = try bytes(V.optInt32.pages[0])
        let length = Int(page[0]) | Int(page[1]) << 8 | Int(page[2]) << 16 | Int(page[3]) << 24
        var levels: [UInt32] = []
        let used = try page.withUnsafeBytes {
            try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: $0[4 ..< 4 + length]), bitWidth: 1, count: 90, into: &levels)
        }
        XCTAssertEqual(used, length)
        let present = (0 ..< 90).filter { !($0 % 3 == 0 || (50 ..< 70).contains($0)) }
        XCTAssertEqual(levels, (0 ..< 90).map { present.contains($0) ? 1 : 0 })
        let (values, valuesUsed) = try decode(.plain, Array(page[(4 + length)...]), .int32, count: present.count)
        XCTAssertEqual(values, .int32(present.map { Int32($0 * 7 - 100) }))
        XCTAssertEqual(valuesUsed, page.count - 4 - length)
    }
}
