//! A small spec the unit tests of several modules share (compiled for tests only).

/// Pets: two operations on `/pets` (tags `pets` and `reads`; `addPet`'s body is optional),
/// one path item behind a `$ref` (`listKinds`, tag `reads`), and the types `Pet` (which
/// holds a `Kind`), `Kind` (a string enum) and `NewPet` (the request body).
pub(crate) const PETS: &str = r#"
openapi: 3.0.3
info: {title: Pets, version: '1', description: All the pets.}
paths:
  /pets:
    get:
      operationId: listPets
      description: Lists the pets.
      tags: [pets, reads]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
    post:
      operationId: addPet
      tags: [pets]
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewPet'}
      responses:
        '204': {description: added}
  /kinds:
    $ref: '#/x-shared/kinds'
x-shared:
  kinds:
    get:
      operationId: listKinds
      tags: [reads]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Kind'}}
components:
  schemas:
    Pet:
      description: A pet.
      type: object
      properties:
        name: {type: string, description: Its name.}
        kind: {$ref: '#/components/schemas/Kind'}
    Kind: {type: string, enum: [cat, dog]}
    NewPet:
      type: object
      properties:
        name: {type: string}
"#;
